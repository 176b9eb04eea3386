package dev.wrss.agent.proc;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads one process's smaps file from start to end through a reused {@link SmapsParser}. The kernel builds
 * the text as it is read (Files.size is 0 for /proc files), so the file is streamed, never sized up front.
 */
public final class SmapsReader {

    private final Path smaps;
    private final SmapsParser parser = new SmapsParser();

    /** @param procRoot normally /proc; a fixture tree in tests */
    public SmapsReader(Path procRoot, String pid) {
        this.smaps = procRoot.resolve(pid).resolve("smaps");
    }

    public Path path() {
        return smaps;
    }

    /** Streams every mapping to {@code sink}; throws what opening or reading throws. */
    public void read(SmapsParser.Sink sink) throws IOException {
        try (FileChannel channel = FileChannel.open(smaps, StandardOpenOption.READ)) {
            parser.parse(channel, sink);
        }
    }

    public long retainedBytesEstimate() {
        return parser.bufferBytes() + 512;
    }

    /** Lines of the last read that could not be parsed. */
    public int malformedLines() {
        return parser.malformedLines();
    }

    /** Mappings of the last read. */
    public int mappings() {
        return parser.mappings();
    }
}
