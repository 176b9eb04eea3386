package dev.wrss.agent.layout;

import dev.wrss.agent.proc.MapsReader;
import java.util.Arrays;

/**
 * The fallback for threads whose stack pointer was never seen: a stack's shape in the maps. HotSpot gives a
 * thread a guard ({@code ---p}, a few pages) directly below its {@code rw-p} stack, together exactly the
 * configured stack size (Java threads, whose guard zones lie inside it) or that size plus glibc's guard page
 * (native threads).
 */
final class StackShapes {

    private static final long GLIBC_GUARD_BYTES = 4096;

    /**
     * The most a stack's {@code ---p} guard can be: glibc's page below a native thread's stack, HotSpot's
     * reserved, yellow and red zones (4 pages) below a Java thread's; 16 pages leave room for larger zones.
     * A larger {@code ---p} run is a reservation's uncommitted tail, never a guard: one GC task queue's
     * tail and the next one's committed head have a stack's total size.
     */
    static final long MAX_GUARD_BYTES = 16 * 4096;

    /** glibc's default when a *StackSize option is 0: RLIMIT_STACK, commonly 8 MiB. */
    private static final long DEFAULT_STACK_BYTES = 8L << 20;

    private long[] sizes = new long[0];
    private long[] found = new long[0];
    private long[] scratch = new long[16];

    /** Options in KB as HotSpot reports them; -1 where unknown. */
    void setStackSizes(long... optionKb) {
        long[] out = new long[optionKb.length * 2];
        int n = 0;
        for (long kb : optionKb) {
            if (kb < 0) {
                continue;
            }
            long bytes = kb == 0 ? DEFAULT_STACK_BYTES : kb * 1024;
            out[n++] = bytes;
            out[n++] = bytes + GLIBC_GUARD_BYTES;
        }
        sizes = Arrays.copyOf(out, n);
    }

    /** Pairs {start, end, ...} of stack-shaped guard+stack runs found by the last {@link #find}. */
    long[] found() {
        return found;
    }

    /** Re-scans {@code maps}; true if the set of shapes changed. Allocates only when it did. */
    boolean find(MapsReader maps) {
        int n = 0;
        for (int i = 0; i + 1 < maps.count(); i++) {
            if (maps.isAnonNone(i)
                    && maps.isAnonRw(i + 1)
                    && maps.end(i) == maps.start(i + 1)
                    && maps.end(i) - maps.start(i) <= MAX_GUARD_BYTES
                    && matches(maps.end(i + 1) - maps.start(i))) {
                if (n == scratch.length) {
                    scratch = Arrays.copyOf(scratch, n * 2);
                }
                scratch[n++] = maps.start(i);
                scratch[n++] = maps.end(i + 1);
            }
        }
        if (Arrays.equals(scratch, 0, n, found, 0, found.length)) {
            return false;
        }
        found = Arrays.copyOf(scratch, n);
        return true;
    }

    private boolean matches(long bytes) {
        for (long s : sizes) {
            if (s == bytes) {
                return true;
            }
        }
        return false;
    }
}
