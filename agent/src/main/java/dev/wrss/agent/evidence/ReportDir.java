package dev.wrss.agent.evidence;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The directory reports are written to, handled so that nothing is ever written outside it: the directory must
 * be a real directory (not a symbolic link), each report is written to a new {@code .wrss-*.tmp} file
 * ({@code CREATE_NEW}, links not followed) and renamed into place, and only regular files named like wrss's
 * own are ever removed: tmp files a kill left behind, and the oldest reports beyond the count and size bounds.
 */
final class ReportDir {

    static final String PREFIX = "wrss-";
    static final String TMP_PREFIX = ".wrss-";
    private final Path dir;
    private final int maxFiles;
    private final long maxBytes;
    private long tmpSequence;

    ReportDir(Path dir, int maxFiles, long maxBytes) {
        this.dir = dir;
        this.maxFiles = maxFiles;
        this.maxBytes = maxBytes;
    }

    Path path() {
        return dir;
    }

    /** Null when the directory can take reports, else why not, in one line. */
    String problem() {
        if (Files.isSymbolicLink(dir)) {
            return dir + " is a symbolic link; reportDir must name the directory itself";
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return dir + " is not a directory";
        }
        if (!Files.isWritable(dir)) {
            return dir + " is not writable";
        }
        return null;
    }

    /** Removes the tmp files a kill mid-write left; returns how many. */
    int removeLeftovers() throws IOException {
        int n = 0;
        for (Path p : ours(TMP_PREFIX, ".tmp")) {
            Files.deleteIfExists(p);
            n++;
        }
        return n;
    }

    /** Writes {@code name} with {@code text} atomically: a new tmp file, forced, then renamed over. */
    void write(String name, String text) throws IOException {
        Path tmp =
                dir.resolve(
                        TMP_PREFIX
                                + ProcessHandle.current().pid()
                                + "-"
                                + (++tmpSequence)
                                + ".tmp");
        try (SeekableByteChannel ch =
                Files.newByteChannel(
                        tmp,
                        Set.of(
                                StandardOpenOption.CREATE_NEW,
                                StandardOpenOption.WRITE,
                                LinkOption.NOFOLLOW_LINKS))) {
            ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ((java.nio.channels.FileChannel) ch).force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        try {
            // rename(2) replaces a link at the target by the file: it never writes through one
            Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /** Removes the oldest reports until at most {@code maxFiles} files and {@code maxBytes} remain. */
    void prune() throws IOException {
        List<Path> files = ours(PREFIX, "");
        List<Object[]> byAge = new ArrayList<>();
        long total = 0;
        for (Path p : files) {
            BasicFileAttributes a =
                    Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            byAge.add(new Object[] {p, a.lastModifiedTime().toMillis(), a.size()});
            total += a.size();
        }
        byAge.sort(
                Comparator.comparingLong((Object[] o) -> (Long) o[1])
                        .thenComparing(o -> o[0].toString()));
        int count = byAge.size();
        for (Object[] o : byAge) {
            if (count <= maxFiles && total <= maxBytes) {
                break;
            }
            Files.deleteIfExists((Path) o[0]);
            count--;
            total -= (Long) o[2];
        }
    }

    /** Regular files (not links) whose names start with {@code prefix} and end with {@code suffix}. */
    private List<Path> ours(String prefix, String suffix) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (n.startsWith(prefix)
                        && n.endsWith(suffix)
                        && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    out.add(p);
                }
            }
        }
        return out;
    }
}
