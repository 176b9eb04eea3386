package dev.wrss.agent.proc;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads one process's smaps file from start to end through a reused {@link SmapsParser}. The kernel builds
 * the text as it is read (Files.size is 0 for /proc files), so the file is streamed, never sized up front.
 * A file under /proc stays open between reads and is rewound to 0 for each, which a seq_file regenerates
 * from scratch: opening it anew would cost a file descriptor object and a path lookup per scan. A file
 * elsewhere (a fixture tree given as procRoot) can be replaced or deleted between scans, so it is reopened
 * for every read.
 */
public final class SmapsReader implements MappingSource {

    private final Path smaps;
    private final SmapsParser parser;
    private final boolean keepOpen;
    private final int kernelPageBytes;
    private FileChannel channel;

    /** @param procRoot normally /proc; a fixture tree in tests */
    public SmapsReader(Path procRoot, String pid) {
        this.smaps = procRoot.resolve(pid).resolve("smaps");
        this.kernelPageBytes = KernelPageSize.read(procRoot);
        this.parser = new SmapsParser(64 * 1024, kernelPageBytes);
        this.keepOpen = smaps.toAbsolutePath().startsWith(Path.of("/proc"));
    }

    public Path path() {
        return smaps;
    }

    @Override
    public String mode() {
        return "smaps";
    }

    /** Streams every mapping to {@code sink}; throws what opening or reading throws (and reopens next time). */
    @Override
    public void read(SmapsParser.Sink sink) throws IOException {
        boolean ok = false;
        try {
            if (channel == null) {
                // not rewound: a fixture may be a FIFO, which cannot seek
                channel = FileChannel.open(smaps, StandardOpenOption.READ);
                parser.readBytes(
                        KernelPageSize.seqFileReadBytes(
                                kernelPageBytes)); // the kernel's buffer: a page
            } else {
                channel.position(0); // seq_lseek to 0: the next read starts a fresh scan
            }
            parser.parse(channel, sink);
            ok = true;
        } finally {
            if (!ok || !keepOpen) {
                close(); // the process may be gone or the fd broken: start clean next time
            }
        }
    }

    /** Bytes asked of each read: a little less than the kernel's buffer for this file. */
    public int readBytes() {
        return parser.readBytes();
    }

    /** The parser's buffer and path bytes, the channel, and this object. */
    @Override
    public long retainedBytesEstimate() {
        return parser.retainedBytes() + 512;
    }

    /** Lines of the last read that could not be parsed. */
    @Override
    public int malformedLines() {
        return parser.malformedLines();
    }

    /** Mappings of the last read. */
    public int mappings() {
        return parser.mappings();
    }

    @Override
    public void close() {
        FileChannel c = channel;
        channel = null;
        KernelTextFile.closeQuietly(c);
    }
}
