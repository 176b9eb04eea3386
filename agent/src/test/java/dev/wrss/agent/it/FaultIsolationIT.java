package dev.wrss.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wrss.agent.it.Footprints.Reading;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import javax.management.MBeanServerConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults inside the agent's world never reach the host: malformed options, an smaps file that is truncated,
 * deleted, a directory, garbage or a FIFO that hangs up mid-read, and a stage that throws. The child keeps
 * answering, Status says what happened, and each problem is logged once.
 */
class FaultIsolationIT {

    private static final Path JDK = Path.of(System.getProperty("java.home"));

    @AfterAll
    static void tally() {
        System.out.println(FaultLedger.tally());
    }

    @Test
    void malformedOptionsLeaveTheApplicationRunningWithDefaultsAndOneShortLine() throws Exception {
        String longKey = "k".repeat(5000);
        String options =
                "interval=banana,nosuch=1,topThreads=-5,log=loud,budget=NaN%,maxAge=99999999999999999999,"
                        + "threshold=\u0007,=,,,"
                        + longKey
                        + "=1,mode=pagemap,interval=1ms,topFiles=2147483648";
        try (ChildJvm child = ChildJvm.start(JDK, List.of(ChildJvm.agentArg(options)))) {
            FaultLedger.injected(11);
            FaultLedger.assertAlive(child);
            MBeanServerConnection c = child.jmxWithWrss();
            assertEquals(10_000L, Snapshots.attribute(c, "IntervalMillis"));
            Snapshots.assertAddsUp(Footprints.scan(c));
            List<String> problems =
                    child.stderr().lines().filter(l -> l.contains("ignoring")).toList();
            assertEquals(1, problems.size(), child.stderr());
            String line = problems.get(0);
            assertTrue(
                    line.length() < 1500 && !line.contains(longKey) && !line.contains("\u0007"),
                    line);
            FaultLedger.assertOneLinePerProblem(child.stderr());
            FaultLedger.assertAlive(child);
        }
    }

    @Test
    void smapsThatIsTruncatedDeletedADirectoryGarbageOrAHungUpFifoNeverReachesTheHost(
            @TempDir Path dir) throws Exception {
        byte[] capture;
        try (InputStream in =
                new GZIPInputStream(getClass().getResourceAsStream("/smaps/jdk17-g1.smaps.gz"))) {
            capture = in.readAllBytes();
        }
        Path smaps = Files.createDirectories(dir.resolve("proc/self")).resolve("smaps");
        Files.write(smaps, capture);
        // no statm in the fixture: the tripwire cannot read it, so every 500 ms interval scans
        // smaps
        try (ChildJvm child =
                ChildJvm.start(
                        JDK,
                        List.of(
                                ChildJvm.agentArg(
                                        "interval=500ms,procRoot=" + dir.resolve("proc"))))) {
            MBeanServerConnection c = child.jmxWithWrss();
            int fullMappings =
                    Snapshots.awaitReading(c, r -> r.mappings() > 0, "the capture scanned")
                            .mappings();

            Files.write(
                    smaps,
                    java.util.Arrays.copyOf(capture, capture.length / 2 + 7)); // ends mid-line
            after(
                    c,
                    child,
                    r -> r.mappings() > 0 && r.mappings() < fullMappings,
                    "a truncated file scanned");

            Files.delete(smaps);
            after(
                    c,
                    child,
                    r -> r.status().contains("NoSuchFileException"),
                    "a deleted file reported");
            assertTrue(Snapshots.attribute(c, "FailedScans") > 0);

            Files.createDirectory(smaps);
            after(c, child, r -> r.status().contains("IOException"), "a directory reported");
            Files.delete(smaps);

            Random random = new Random(42);
            for (int garbageLines :
                    new int[] {3, 5}) { // two counts of one problem: still one log line
                Files.write(smaps, garbage(capture, garbageLines, random));
                long id = Footprints.read(c).snapshotId();
                after(
                        c,
                        child,
                        r -> r.snapshotId() > id + 1 && r.status().contains("unparsable"),
                        "garbage reported");
            }

            Files.delete(smaps);
            Files.write(dir.resolve("next"), capture);
            new ProcessBuilder("mkfifo", smaps.toString()).inheritIO().start().waitFor();
            Files.createLink(dir.resolve("fifo"), smaps);
            long before = Footprints.read(c).snapshotId();
            try (OutputStream out =
                    Files.newOutputStream(smaps)) { // blocks until the scanner opens it
                out.write(capture, 0, capture.length / 3);
            } // hang up mid-file
            after(
                    c,
                    child,
                    r -> r.snapshotId() > before && r.mappings() < fullMappings,
                    "a hung-up FIFO scanned");
            Files.move(
                    dir.resolve("next"),
                    smaps,
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            new RandomAccessFile(dir.resolve("fifo").toFile(), "rw")
                    .close(); // frees a scanner blocked in open()
            FaultLedger.injected(6);

            Reading healed =
                    after(
                            c,
                            child,
                            r -> r.mappings() == fullMappings && !r.status().contains("failed"),
                            "the scanner recover");
            Snapshots.assertAddsUp(healed);
            FaultLedger.assertOneLinePerProblem(child.stderr());
        }
    }

    @Test
    void aStageThatThrowsFailsTheScanNotTheHost() throws Exception {
        try (ChildJvm child =
                ChildJvm.start(
                        JDK,
                        List.of(
                                ChildJvm.agentArg("interval=500ms"),
                                "-Dwrss.test.fault=classifier"))) {
            MBeanServerConnection c =
                    child.jmxWithWrss(); // the MBeans appear once the start gate opens
            for (int i = 0; i < 8; i++) {
                c.invoke(Footprints.footprint(), "scan", new Object[0], new String[0]);
                Reading r = Footprints.read(c);
                Snapshots.assertAddsUp(r);
                FaultLedger.assertAlive(child);
            }
            long failed = Snapshots.attribute(c, "FailedScans");
            assertTrue(failed >= 4 && Snapshots.attribute(c, "ScanCount") >= 4, "failed " + failed);
            FaultLedger.injected((int) failed);
            String status = "";
            for (int i = 0;
                    i < 4 && !status.contains("scan failed");
                    i++) { // every other pass fails
                c.invoke(Footprints.footprint(), "scan", new Object[0], new String[0]);
                status = Footprints.read(c).status();
            }
            assertTrue(
                    status.contains("scan failed") && status.contains("injected classifier fault"),
                    status);
            FaultLedger.assertOneLinePerProblem(child.stderr());
        }
    }

    /** Waits for a new scan that satisfies {@code until}, then checks the host still answers. */
    private static Reading after(
            MBeanServerConnection c,
            ChildJvm child,
            java.util.function.Predicate<Reading> until,
            String what)
            throws Exception {
        Reading r = Snapshots.awaitReading(c, until, what);
        FaultLedger.assertAlive(child);
        return r;
    }

    /** The first quarter of the capture, then garbage lines: binary bytes, a 100 KB line, a bare number. */
    private static byte[] garbage(byte[] capture, int lines, Random random) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(capture, 0, capture.length / 4);
        out.write('\n');
        for (int i = 0; i < lines; i++) {
            byte[] b = new byte[i == 0 ? 100_000 : 200];
            random.nextBytes(b);
            for (int j = 0; j < b.length; j++) {
                b[j] = b[j] == '\n' ? (byte) 0xff : b[j];
            }
            b[0] = '#'; // neither a header nor a field
            out.write(b, 0, b.length);
            out.write('\n');
        }
        return out.toByteArray();
    }
}
