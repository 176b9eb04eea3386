package dev.wrss.agent.scan;

import dev.wrss.agent.layout.JvmFacts;
import dev.wrss.agent.layout.LayoutProbe;
import dev.wrss.agent.proc.SmapsReader;
import dev.wrss.mbeans.FootprintSnapshot;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tens of thousands of scans of this very JVM, through the real pipeline (real /proc/self/smaps, a real
 * LayoutProbe on the platform MBeanServer): retained heap after GC stays flat within 1 MiB, no /proc file
 * descriptor is added and the thread count does not move.
 */
class NoLeakTest {

    static final int SCANS = Integer.getInteger("wrss.test.leakScans", 50_000);
    static final long MIB = 1 << 20;
    /**
     * Stop early past this much time so the suite stays bounded on a slow machine; the count is printed. At
     * about 2.5 ms a scan (this machine, ~300 mappings) the 50,000 take about two minutes.
     */
    static final long MAX_NANOS = 180_000_000_000L;

    @Test
    void fiftyThousandScansRetainNoHeapNoDescriptorsNoThreads() throws IOException {
        long pid = ProcessHandle.current().pid();
        FootprintScanner scanner = new FootprintScanner(new SmapsReader(Path.of("/proc"), "self"),
                new LayoutProbe(JvmFacts.over(ManagementFactory.getPlatformMBeanServer()), pid, Path.of("/proc")), 50, 20);
        int warmup = 2_000;
        FootprintSnapshot s = null;
        for (int i = 1; i <= warmup; i++) {
            s = scanner.scan(i);
        }
        long heap0 = retainedHeap();
        java.util.List<String> fds0 = openFds();
        int threads0 = Thread.activeCount();
        long t0 = System.nanoTime();
        int done = warmup;
        long worst = 0;
        while (done < SCANS && System.nanoTime() - t0 < MAX_NANOS) {
            s = scanner.scan(++done);
            if (done % 5_000 == 0) {
                worst = Math.max(worst, retainedHeap() - heap0);
                assertNoneAdded(fds0, openFds(), "after " + done + " scans");
            }
        }
        long grown = Math.max(worst, retainedHeap() - heap0);
        long perScanMicros = (System.nanoTime() - t0) / 1000 / Math.max(1, done - warmup);
        System.out.printf("leak check: %d scans (%d us each, %d mappings), retained heap grew %d bytes, "
                + "fds %d -> %d, threads %d -> %d%n", done, perScanMicros, s.total().mappings(), grown, fds0.size(),
                openFds().size(), threads0, Thread.activeCount());
        assertTrue(done >= 10_000, "only " + done + " scans fit");
        assertTrue(grown < MIB, "retained heap grew by " + grown + " bytes over " + done + " scans");
        assertNoneAdded(fds0, openFds(), "at the end");
        // fewer is fine: a thread another test class of this JVM started (a stopped sampler's) may end meanwhile
        assertTrue(Thread.activeCount() <= threads0, "threads: " + threads0 + " -> " + Thread.activeCount());
        assertEquals("ok", s.status());
    }

    /**
     * Every /proc descriptor open now was open at the start, as often: a scan that leaked one would add it.
     * Fewer is fine: readers other test classes of this JVM dropped are closed by their cleaners after a GC,
     * at a time of the cleaner thread's choosing.
     */
    private static void assertNoneAdded(java.util.List<String> before, java.util.List<String> now, String when) {
        java.util.List<String> left = new java.util.ArrayList<>(before);
        for (String fd : now) {
            assertTrue(left.remove(fd), "open file descriptor " + fd + " added " + when + ": " + before + " -> " + now);
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
    private static java.util.List<String> openFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    return "gone"; // the directory stream's own descriptor
                }
            }).filter(t -> t.startsWith("/proc")).sorted().toList();
        }
    }
}
