package dev.wrss.agent;

import dev.wrss.agent.layout.LayoutProbe;
import dev.wrss.agent.proc.SmapsReader;
import dev.wrss.agent.proc.StatmReader;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the wrss-scanner thread allocates per periodic walk, as the agent runs it (Sampler, HostProbe, the real
 * /proc of this JVM, walks half a second apart), not back to back as in JMH: allocation counts are exact,
 * unlike times, so a bound can be asserted. Per-walk garbage that grew with the mappings, or a JDK call that
 * allocates on every walk (ManagementFactory.getThreadMXBean() costs ~800 B), would break it.
 */
class SamplerAllocationTest {

    /** Measured 456-1,048 B; a JDK call that allocates ~800 B per walk, twice, would pass it. */
    static final long MAX_BYTES_PER_WALK = 1536;

    @Test
    void aPeriodicWalkAllocatesUnderOneAndAHalfKilobytes() throws Exception {
        AgentOptions options = AgentOptions.parse("interval=500ms,threshold=0%,budget=100%,log=off");
        long pid = ProcessHandle.current().pid();
        Sampler sampler = new Sampler(() -> new FootprintScanner(new SmapsReader(Path.of("/proc"), "self"),
                new LayoutProbe(ManagementFactory.getPlatformMBeanServer(), pid, Path.of("/proc")), 50, 20,
                new HostProbe(Path.of("/proc"), Path.of("/sys"), pid, 60_000)),
                options, new AgentLog("off"), new StatmReader(Path.of("/proc"), "self", 4096), () -> -1, "test", null);
        Thread scanner = new Thread(sampler, "wrss-scanner-test");
        scanner.setDaemon(true);
        scanner.start();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try {
            awaitWalks(sampler, 4); // warm: the first layout, class loading, buffers
            long[] perWalk = new long[12];
            long bytes = threads.getThreadAllocatedBytes(scanner.getId());
            for (int i = 0; i < perWalk.length; i++) {
                awaitWalks(sampler, 1);
                long now = threads.getThreadAllocatedBytes(scanner.getId());
                perWalk[i] = now - bytes;
                bytes = now;
            }
            System.out.println("scanner thread, bytes from one periodic walk to the next: "
                    + java.util.Arrays.toString(perWalk));
            // the median: a rare, time-driven re-read (the thread relist every 30 s) may fall into one of them
            long[] sorted = perWalk.clone();
            java.util.Arrays.sort(sorted);
            assertTrue(sorted[sorted.length / 2] < MAX_BYTES_PER_WALK, sorted[sorted.length / 2] + " bytes a walk");
        } finally {
            sampler.stop();
        }
    }

    private static long awaitWalks(Sampler sampler, int walks) throws InterruptedException {
        long until = sampler.latest().id() + walks;
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (sampler.latest().id() < until && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return sampler.latest().id();
    }
}
