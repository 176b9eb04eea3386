package dev.wrss.agent.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Files whose names try to break every output: spaces, quotes, backslashes, a newline, markup, a name that
 * ends in " (deleted)", and bytes that are not UTF-8. Each gets an ASCII symlink {@code link-N}, so that a
 * process can map it by a plain name while the kernel shows the real one in smaps.
 */
public final class OddFiles {

    /** File names made from Java strings; the non-UTF-8 one is made by the shell, see {@link #create}. */
    public static final String[] NAMES = {
        "with space.bin",
        "quote\"d'.bin",
        "back\\slash.bin",
        "new\nline.bin",
        "<script>alert(1)&amp;.bin",
        "fake (deleted)",
        "gone.bin"
    };

    private OddFiles() {}

    /**
     * Creates the files (1 MiB each) and their links in {@code dir}.
     *
     * @return link path to the path the kernel is expected to show in smaps once mapped: a newline shows as
     *     the four characters {@code \012}, and the non-UTF-8 byte 0xE9 as U+FFFD after UTF-8 decoding
     */
    public static Map<Path, String> create(Path dir) throws IOException, InterruptedException {
        Map<Path, String> links = new LinkedHashMap<>();
        for (int i = 0; i < NAMES.length; i++) {
            Path f = Files.write(dir.resolve(NAMES[i]), new byte[1 << 20]);
            Path link = Files.createSymbolicLink(dir.resolve("link-" + i), f);
            links.put(link, f.toString().replace("\n", "\\012"));
        }
        // Latin-1 "café": a name this UTF-8 JVM cannot spell, so the shell makes it from bytes
        Path link = dir.resolve("link-latin1");
        Process p =
                new ProcessBuilder(
                                "sh",
                                "-c",
                                "f=\"$1/caf$(printf '\\351').bin\"; head -c 1048576 /dev/zero > \"$f\""
                                        + " && ln -s \"$f\" \"$2\"",
                                "sh",
                                dir.toString(),
                                link.toString())
                        .inheritIO()
                        .start();
        if (p.waitFor() != 0 || !Files.isSymbolicLink(link)) {
            throw new IOException("could not create the Latin-1 file name in " + dir);
        }
        links.put(link, dir + "/caf\uFFFD.bin");
        return links;
    }
}
