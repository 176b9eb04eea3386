package dev.wrss.agent.proc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** The kernel's page size: AT_PAGESZ from /proc/self/auxv. */
public final class KernelPageSize {

    private static final long AT_PAGESZ = 6;

    private KernelPageSize() {
    }

    /** AT_PAGESZ from {@code procRoot}/self/auxv (pairs of native longs); 4096 if unreadable, e.g. in a fixture tree. */
    public static int read(Path procRoot) {
        try {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(procRoot.resolve("self/auxv"))).order(ByteOrder.nativeOrder());
            while (b.remaining() >= 16) {
                long type = b.getLong();
                long value = b.getLong();
                if (type == AT_PAGESZ && value > 0 && Long.bitCount(value) == 1 && value <= 1 << 30) {
                    return (int) value;
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return 4096;
    }
}
