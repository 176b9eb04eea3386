package dev.wrss.agent.proc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** The kernel's page size (AT_PAGESZ from /proc/self/auxv), and the read size it implies for seq_files. */
public final class KernelPageSize {

    private static final long AT_PAGESZ = 6;

    private KernelPageSize() {}

    /**
     * How much to ask of one read of a seq_file whose records are page-table walks (smaps, numa_maps): a
     * little less than the kernel's page. The kernel formats whole mappings into a one-page buffer, and stops
     * once it holds what the read asked for. Asked for more than a page (as a 64 KiB read does), it keeps
     * adding mappings until one no longer fits, then drops that one, whose page walk (and text) it has done
     * for nothing, and starts the next read by doing it again: about every fifth mapping's walk twice, a heap
     * without compressed oops included when it falls there. Asked for a page less 768 bytes, a mapping of up
     * to 768 bytes of text (a thread stack's, a mapped file's) always fits after the last one that did not
     * yet reach the request, so nothing is walked twice; a longer one only when it falls in that last
     * stretch. Measured in docs/performance.md, section 1: ~20% more system calls, 3-9% less of the kernel's CPU per
     * smaps read, about half when a heap above the compressed-oops range is where a 64 KiB read overflows.
     */
    public static int seqFileReadBytes(int kernelPageBytes) {
        int page = Math.max(4096, kernelPageBytes);
        return page - Math.min(page / 4, 768);
    }

    /** AT_PAGESZ from {@code procRoot}/self/auxv (pairs of native longs); 4096 if unreadable, e.g. in a fixture tree. */
    public static int read(Path procRoot) {
        try {
            ByteBuffer b =
                    ByteBuffer.wrap(Files.readAllBytes(procRoot.resolve("self/auxv")))
                            .order(ByteOrder.nativeOrder());
            while (b.remaining() >= 16) {
                long type = b.getLong();
                long value = b.getLong();
                if (type == AT_PAGESZ
                        && value > 0
                        && Long.bitCount(value) == 1
                        && value <= 1 << 30) {
                    return (int) value;
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return 4096;
    }
}
