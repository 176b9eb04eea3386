package dev.wrss.agent.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wrss.agent.layout.JvmFacts;
import dev.wrss.agent.layout.LayoutProbe;
import dev.wrss.agent.proc.SmapsReader;
import dev.wrss.mbeans.FootprintSnapshot;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Thousands of scans of this very JVM, through the real pipeline (real /proc/self/smaps, a real LayoutProbe on
 * the platform MBeanServer): retained heap after GC stays flat, no /proc file descriptor is added and the thread
 * count does not move. A longer soak: {@code -Dwrss.soak.scans=50000} (about three minutes).
 */
class NoLeakTest {

    /**
     * How many scans it takes. A leaked descriptor or thread shows after one scan; heap kept by each scan shows
     * once the scans together keep more than {@link #GROWTH_LIMIT}. The least a scan could keep by mistake is
     * one collection entry (a 32 B node and a 16 B boxed key: 48 B); anything kept per mapping is at least
     * 16 B times ~300 mappings. 6,000 scans times 48 B is 288,000 B, over the 262,144 B limit, so the default
     * catches the smallest of these; 50,000 scans catch 6 B a scan.
     */
    static final int SCANS = Integer.getInteger("wrss.soak.scans", 6_000);

    /**
     * Well above what does not grow with the scans: the retained heap steps up by 30 to 46 KB once, a few
     * seconds in, and stays there, the same after 1,000 scans as after 10,000.
     */
    static final long GROWTH_LIMIT = 256 << 10;

    /** Scans before the baseline: JIT, the layout, buffers and caches reach their size in the first few. */
    static final int WARMUP = 500;

    @Test
    void thousandsOfScansRetainNoHeapNoDescriptorsNoThreads() throws IOException {
        long pid = ProcessHandle.current().pid();
        FootprintScanner scanner =
                new FootprintScanner(
                        new SmapsReader(Path.of("/proc"), "self"),
                        new LayoutProbe(
                                JvmFacts.over(ManagementFactory.getPlatformMBeanServer()),
                                pid,
                                Path.of("/proc")),
                        50,
                        20);
        FootprintSnapshot s = null;
        for (int i = 1; i <= WARMUP; i++) {
            s = scanner.scan(i);
        }
        long heap0 = retainedHeap();
        List<String> fds0 = openFds();
        int threads0 = Thread.activeCount();
        long t0 = System.nanoTime();
        long worst = 0;
        for (int done = 1; done <= SCANS; done++) {
            s = scanner.scan(WARMUP + done);
            if (done % 1_000 == 0) {
                worst = Math.max(worst, retainedHeap() - heap0);
                assertNoneAdded(fds0, openFds(), "after " + done + " scans");
            }
        }
        long grown = Math.max(worst, retainedHeap() - heap0);
        long perScanMicros = (System.nanoTime() - t0) / 1000 / Math.max(1, SCANS);
        System.out.printf(
                "leak check: %d scans (%d us each, %d mappings), retained heap grew %d bytes, "
                        + "fds %d -> %d, threads %d -> %d%n",
                SCANS,
                perScanMicros,
                s.total().mappings(),
                grown,
                fds0.size(),
                openFds().size(),
                threads0,
                Thread.activeCount());
        assertTrue(
                grown < GROWTH_LIMIT,
                "retained heap grew by " + grown + " bytes over " + SCANS + " scans");
        assertNoneAdded(fds0, openFds(), "at the end");
        // fewer is fine: a thread another test class of this JVM started (a stopped sampler's) may
        // end meanwhile
        assertTrue(
                Thread.activeCount() <= threads0,
                "threads: " + threads0 + " -> " + Thread.activeCount());
        assertEquals("ok", s.status());
    }

    /**
     * Every /proc descriptor open now was open at the start, as often: a scan that leaked one would add it.
     * Fewer is fine: readers other test classes of this JVM dropped are closed by their cleaners after a GC,
     * at a time of the cleaner thread's choosing.
     */
    private static void assertNoneAdded(List<String> before, List<String> now, String when) {
        List<String> left = new ArrayList<>(before);
        for (String fd : now) {
            assertTrue(
                    left.remove(fd),
                    "open file descriptor " + fd + " added " + when + ": " + before + " -> " + now);
        }
    }

    /** Heap in use after full collections: the least of three, as a concurrent cleaner may lag one. */
    private static long retainedHeap() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
        }
        return least;
    }

    /**
     * The targets of /proc/self/fd under /proc, sorted, so a count that moves names what moved. The scanner
     * opens nothing else; other descriptors belong to surefire's own threads and come and go with them.
     */
    private static List<String> openFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(
                            fd -> {
                                try {
                                    return Files.readSymbolicLink(fd).toString();
                                } catch (IOException e) {
                                    return "gone"; // the directory stream's own descriptor
                                }
                            })
                    .filter(t -> t.startsWith("/proc"))
                    .sorted()
                    .toList();
        }
    }
}
