package dev.wrss.agent.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wrss.mbeans.Region;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** A probe on the test JVM itself: platform MBeanServer, own pid, real /proc. */
class LayoutProbeSelfTest {

    private final AtomicLong clockNanos = new AtomicLong(1_000_000_000_000L);
    private final LayoutProbe probe =
            new LayoutProbe(
                    JvmFacts.over(ManagementFactory.getPlatformMBeanServer()),
                    ProcessHandle.current().pid(),
                    Path.of("/proc"),
                    clockNanos::get,
                    LayoutProbe.DEFAULT_MAX_PAUSE_NANOS,
                    null);

    @Test
    void heapRangeIsMadeOfWholeMappingsAndMatchesMaxMemory() throws Exception {
        JvmLayout layout = probe.refresh();
        List<long[]> maps = MapsFile.read(Path.of("/proc/self/maps"));
        long heapBytes = 0;
        for (int i = 0; i < layout.rangeCount(); i++) {
            if (layout.rangeRegion(i) == Region.JAVA_HEAP) {
                long s = layout.rangeStart(i);
                long e = layout.rangeEnd(i);
                heapBytes += e - s;
                assertTrue(
                        maps.stream().anyMatch(m -> m[0] == s),
                        String.format("heap starts at a mapping: %x", s));
                assertTrue(
                        maps.stream().anyMatch(m -> m[1] == e),
                        String.format("heap ends at a mapping: %x", e));
            }
        }
        long max = Runtime.getRuntime().maxMemory();
        // maxMemory leaves out one survivor space on Serial/Parallel; G1 reports the reservation
        // exactly
        assertTrue(
                heapBytes >= max && heapBytes - max <= heapBytes / 8,
                "heap range " + heapBytes + " vs maxMemory " + max + "\n" + layout.describe());
    }

    @Test
    void codeMetaspaceAndClassSpaceCoverRealMappings() throws Exception {
        JvmLayout layout = probe.refresh();
        List<long[]> maps = MapsFile.read(Path.of("/proc/self/maps"));
        String why = layout.describe();
        LayoutProbeChildJvmIT.assertCoversMappings(layout, maps, Region.CODE_CACHE, why);
        LayoutProbeChildJvmIT.assertCoversMappings(layout, maps, Region.METASPACE, why);
        LayoutProbeChildJvmIT.assertCoversMappings(layout, maps, Region.CLASS_SPACE, why);
        assertTrue(
                Files.isRegularFile(Path.of(layout.javaHome(), "lib", "modules")),
                layout.javaHome());
        assertNull(probe.problem());
    }

    @Test
    void parkedThreadIsFoundWithItsTidAndFullJavaName() throws Exception {
        probe.refresh();
        AtomicLong tid = new AtomicLong();
        String name = "self-test parked thread, longer than comm";
        Thread t = parked(name, tid);
        try {
            JvmLayout layout = null;
            int index = -1;
            for (int attempt = 0; attempt < 50 && index < 0; attempt++) {
                clockNanos.addAndGet(31_000_000_000L); // past the Thread.print rate limit
                layout = probe.refresh();
                index = LayoutProbeChildJvmIT.indexOfName(layout, name);
                Thread.sleep(20); // the thread may not be parked yet: running threads show no stack
                // pointer
            }
            assertTrue(index >= 0, "not found: " + layout.describe());
            assertEquals(tid.get(), layout.threadTid(index));
            long s = layout.threadStackStart(index);
            long e = layout.threadStackEnd(index);
            assertEquals(index, layout.threadIndexOf(s, s + 4096));
            assertEquals(Region.THREAD_STACKS, layout.regionOf(s, e));
            // the test JVM is not still (JIT and GC threads come and go, and a running thread's
            // stack is known
            // by its shape only while no neighbour merges with it): once two refreshes in a row see
            // nothing
            // new, the second must hand back the same instance
            JvmLayout previous = layout;
            JvmLayout again = probe.refresh();
            for (int i = 0; i < 50 && again != previous; i++) {
                Thread.sleep(20);
                previous = again;
                again = probe.refresh();
            }
            assertSame(previous, again, "nothing changed: the same instance");
        } finally {
            LockSupport.unpark(t);
        }
    }

    @Test
    void aThreadThatReplacedAnotherIsFoundWithoutWaitingForTheTimedRelist() throws Exception {
        // the clock never moves here: only the thread count or the started-thread count can trigger
        // a relist
        Thread first = parked("replaced-a");
        try {
            assertTrue(
                    LayoutProbeChildJvmIT.indexOfName(refreshUntilNamed("replaced-a"), "replaced-a")
                            >= 0);
        } finally {
            LockSupport.unpark(first);
            first.join();
        }
        Thread second =
                parked("replaced-b"); // the count is back where it was (unless the JVM's own
        // threads moved)
        try {
            JvmLayout layout = refreshUntilNamed("replaced-b");
            assertTrue(
                    LayoutProbeChildJvmIT.indexOfName(layout, "replaced-b") >= 0,
                    "a thread started in place of another is not in the layout:\n"
                            + layout.describe());
        } finally {
            LockSupport.unpark(second);
        }
    }

    @Test
    void aThreadAlwaysOnTheCpuDoesNotMakeEveryRefreshReadTheMaps() throws Exception {
        probe.refresh();
        java.util.concurrent.atomic.AtomicBoolean stop =
                new java.util.concurrent.atomic.AtomicBoolean();
        CountDownLatch spinning = new CountDownLatch(1);
        Thread spinner =
                new Thread(
                        () -> {
                            spinning.countDown();
                            long x = 0;
                            while (!stop.get()) {
                                x++; // user code only: /proc/PID/task/TID/syscall says "running",
                                // no stack pointer
                            }
                            spun = x;
                        },
                        "spinner");
        spinner.setDaemon(true);
        spinner.start();
        spinning.await();
        try {
            int before = probe.mapsReads();
            int refreshes = 40;
            for (int i = 0; i < refreshes; i++) {
                probe.refresh(); // the clock stands still: no try is ever due by time
            }
            int reads = probe.mapsReads() - before;
            // the old code read the maps at every refresh while a thread stayed unresolved (40
            // here); now 8 tries in a row, plus one per change of the JVM's own threads (a JIT or
            // GC thread coming or going)
            assertTrue(reads < 30, reads + " maps reads in " + refreshes + " refreshes");
        } finally {
            stop.set(true);
        }
    }

    private static volatile long spun;

    @Test
    void withoutAPauseAllowedAUniqueLongNameIsFoundAndASharedCutNameStaysCut() throws Exception {
        LayoutProbe noPause =
                new LayoutProbe(
                        JvmFacts.over(ManagementFactory.getPlatformMBeanServer()),
                        ProcessHandle.current().pid(),
                        Path.of("/proc"),
                        clockNanos::get,
                        0,
                        null);
        String unique = "self-test unique long name, never cut";
        // comm cuts both to "self-test share": only Thread.print's nid tells them apart
        List<String> shared = List.of("self-test shared name 1", "self-test shared name 2");
        List<Thread> threads =
                List.of(parked(unique), parked(shared.get(0)), parked(shared.get(1)));
        try {
            JvmLayout layout = refreshUntilNamedLater(noPause, unique);
            assertTrue(
                    LayoutProbeChildJvmIT.indexOfName(layout, unique) >= 0,
                    "the one Java name starting with its comm, without Thread.print:\n"
                            + layout.describe());
            int cut = 0;
            for (int i = 0; i < layout.threadCount(); i++) {
                cut += layout.threadName(i).equals("self-test share") ? 1 : 0;
                assertTrue(
                        !shared.contains(layout.threadName(i)),
                        "no Thread.print ran: " + layout.threadName(i));
            }
            assertEquals(2, cut, layout.describe());
            assertTrue(noPause.threadPrintsSkipped() > 0, "Thread.print was wanted and left out");
            // the control: the same threads with a pause allowed, whatever the number of threads
            // here
            LayoutProbe pauseAllowed =
                    new LayoutProbe(
                            JvmFacts.over(ManagementFactory.getPlatformMBeanServer()),
                            ProcessHandle.current().pid(),
                            Path.of("/proc"),
                            clockNanos::get,
                            10_000_000_000L,
                            null);
            layout = refreshUntilNamedLater(pauseAllowed, shared.get(1));
            assertTrue(
                    LayoutProbeChildJvmIT.indexOfName(layout, shared.get(0)) >= 0,
                    layout.describe());
            assertTrue(
                    LayoutProbeChildJvmIT.indexOfName(layout, shared.get(1)) >= 0,
                    layout.describe());
            assertEquals(0, pauseAllowed.threadPrintsSkipped());
        } finally {
            threads.forEach(LockSupport::unpark);
        }
    }

    @Test
    void aThreadPrintSlowerThanEstimatedSetsTheEstimateForTheNext() throws Exception {
        // the first estimate (25 us a thread) lets a Thread.print run under 5 ms here; with 20
        // threads 500 frames
        // deep it takes tens of ms, and the next one, priced at that, must be left out
        LayoutProbe fiveMs =
                new LayoutProbe(
                        JvmFacts.over(ManagementFactory.getPlatformMBeanServer()),
                        ProcessHandle.current().pid(),
                        Path.of("/proc"),
                        clockNanos::get,
                        5_000_000L,
                        null);
        java.util.concurrent.atomic.AtomicBoolean stop =
                new java.util.concurrent.atomic.AtomicBoolean();
        CountDownLatch deepEnough = new CountDownLatch(20);
        for (int i = 0; i < 20; i++) {
            Thread t = new Thread(() -> down(500, deepEnough, stop), "deep-" + i);
            t.setDaemon(true);
            t.start();
        }
        deepEnough.await();
        List<Thread> shared = List.of();
        try {
            fiveMs.refresh();
            assertEquals(
                    0,
                    fiveMs.threadPrintsSkipped(),
                    "the first Thread.print, priced at the first estimate, ran");
            shared = List.of(parked("self-test shared name 3"), parked("self-test shared name 4"));
            for (int i = 0; i < 50 && fiveMs.threadPrintsSkipped() == 0; i++) {
                clockNanos.addAndGet(31_000_000_000L); // past the names' cost budget
                fiveMs.refresh();
                Thread.sleep(20);
            }
            assertTrue(
                    fiveMs.threadPrintsSkipped() > 0,
                    "the next Thread.print, priced at the first one's duration");
        } finally {
            stop.set(true);
            shared.forEach(LockSupport::unpark);
        }
    }

    private static void down(
            int depth, CountDownLatch deepEnough, java.util.concurrent.atomic.AtomicBoolean stop) {
        if (depth > 0) {
            down(depth - 1, deepEnough, stop);
            return;
        }
        deepEnough.countDown();
        while (!stop.get()) {
            LockSupport.parkNanos(100_000_000L);
        }
    }

    @Test
    void onlyNameStartingWithAnswersNullForNoneOrSeveralNotHeld() {
        String[] sorted = {"a-long-name-1", "a-long-name-2", "b-long-name", "c"};
        Set<String> none = Set.of();
        assertEquals("b-long-name", CutNames.onlyNameStartingWith(sorted, "b-long", none));
        assertEquals("c", CutNames.onlyNameStartingWith(sorted, "c", none));
        assertNull(CutNames.onlyNameStartingWith(sorted, "a-long-name-", none));
        assertNull(CutNames.onlyNameStartingWith(sorted, "bb", none));
        assertNull(CutNames.onlyNameStartingWith(sorted, "d", none));
        assertNull(CutNames.onlyNameStartingWith(new String[0], "a", none));
        // the older pool thread already holds its name: the new one is the only candidate left
        assertEquals(
                "a-long-name-2",
                CutNames.onlyNameStartingWith(sorted, "a-long-name-", Set.of("a-long-name-1")));
        assertNull(CutNames.onlyNameStartingWith(sorted, "b-long", Set.of("b-long-name")));
    }

    private JvmLayout refreshUntilNamed(String name) throws InterruptedException {
        JvmLayout layout = probe.refresh();
        for (int attempt = 0;
                attempt < 50 && LayoutProbeChildJvmIT.indexOfName(layout, name) < 0;
                attempt++) {
            Thread.sleep(20); // a thread not parked yet shows no stack pointer
            layout = probe.refresh();
        }
        return layout;
    }

    /** As {@link #refreshUntilNamed(String)}, moving the clock past the names' cost budget at each try. */
    private JvmLayout refreshUntilNamedLater(LayoutProbe p, String name)
            throws InterruptedException {
        JvmLayout layout = p.refresh();
        for (int attempt = 0;
                attempt < 50 && LayoutProbeChildJvmIT.indexOfName(layout, name) < 0;
                attempt++) {
            Thread.sleep(20);
            clockNanos.addAndGet(31_000_000_000L);
            layout = p.refresh();
        }
        return layout;
    }

    private static Thread parked(String name) throws InterruptedException {
        return parked(name, new AtomicLong());
    }

    /** A daemon thread that parks once started; its tid goes to {@code tid} (-1 if unreadable). */
    private static Thread parked(String name, AtomicLong tid) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        Thread t =
                new Thread(
                        () -> {
                            try {
                                String link =
                                        Files.readSymbolicLink(Path.of("/proc/thread-self"))
                                                .toString(); // "PID/task/TID"
                                tid.set(Long.parseLong(link.substring(link.lastIndexOf('/') + 1)));
                            } catch (Exception e) {
                                tid.set(-1);
                            }
                            started.countDown();
                            LockSupport.park();
                        },
                        name);
        t.setDaemon(true);
        t.start();
        started.await();
        return t;
    }

    @Test
    void committedBytesKnowsHeapMetaspaceClassSpaceAndCode() {
        long[] committed = new long[Region.count()];
        probe.committedBytes(committed);
        assertTrue(committed[Region.JAVA_HEAP.ordinal()] > 0);
        assertTrue(committed[Region.METASPACE.ordinal()] > 0);
        assertTrue(committed[Region.CLASS_SPACE.ordinal()] > 0);
        assertTrue(committed[Region.CODE_CACHE.ordinal()] > 0);
        assertEquals(-1, committed[Region.MALLOC.ordinal()]);
    }
}
