package dev.wrss.agent.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wrss.agent.it.Footprints.Reading;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sizes far past the ordinary: 10,000 threads and 60,000 mappings. The host keeps running; numbers add up. */
class ScaleIT {

    private static final Path JDK = Path.of(System.getProperty("java.home"));

    @AfterAll
    static void tally() {
        System.out.println(FaultLedger.tally());
    }

    @Test
    void tenThousandThreads() throws Exception {
        try (ChildJvm child =
                ChildJvm.start(
                        JDK,
                        List.of(ChildJvm.agentArg("interval=500ms"), "-Xss256k", "-Xmx256m"))) {
            MBeanServerConnection c = child.jmxWithWrss();
            child.send("threads 10000", 300);
            FaultLedger.injected(1);
            Reading r = Footprints.scan(c);
            Snapshots.assertAddsUp(r);
            assertTrue(
                    r.region("thread_stacks", "mappings") >= 10_000,
                    "thread_stacks mappings "
                            + r.region("thread_stacks", "mappings")
                            + ", status "
                            + r.status());
            int count = (Integer) c.getAttribute(new ObjectName("wrss:type=ThreadStacks"), "Count");
            assertTrue(count >= 10_000, "ThreadStacks Count " + count);
            System.out.println(
                    "10,000 threads: status "
                            + r.status()
                            + ", scan took "
                            + Snapshots.attribute(c, "LastScanDurationNanos") / 1_000_000
                            + " ms");
            FaultLedger.assertAlive(child);
            FaultLedger.assertOneLinePerProblem(child.stderr());
        }
    }

    @Test
    void sixtyThousandMappings(@TempDir Path dir) throws Exception {
        try (ChildJvm child =
                ChildJvm.start(JDK, List.of(ChildJvm.agentArg("interval=500ms"), "-Xmx256m"))) {
            MBeanServerConnection c = child.jmxWithWrss();
            child.send("mappings 60000 " + dir.resolve("page.bin"), 300);
            FaultLedger.injected(1);
            Reading r = Footprints.scan(c);
            long kernel = Files.readAllLines(Path.of("/proc/" + child.pid() + "/maps")).size();
            Snapshots.assertAddsUp(r);
            assertTrue(
                    r.region("mapped_files", "mappings") >= 60_000,
                    "mapped_files mappings "
                            + r.region("mapped_files", "mappings")
                            + ", status "
                            + r.status());
            assertTrue(
                    Math.abs(r.mappings() - kernel) < 100,
                    r.mappings() + " mappings vs " + kernel + " in maps");
            System.out.println(
                    "60,000 mappings: "
                            + r.mappings()
                            + " in all, status "
                            + r.status()
                            + ", scan took "
                            + Snapshots.attribute(c, "LastScanDurationNanos") / 1_000_000
                            + " ms");
            FaultLedger.assertAlive(child);
            FaultLedger.assertOneLinePerProblem(child.stderr());
        }
    }
}
