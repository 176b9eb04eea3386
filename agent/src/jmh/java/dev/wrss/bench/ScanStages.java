package dev.wrss.bench;

import dev.wrss.agent.layout.JvmFacts;
import dev.wrss.agent.layout.LayoutProbe;
import dev.wrss.agent.proc.SmapsReader;
import dev.wrss.agent.scan.FootprintScanner;
import io.github.mweirauch.micrometer.jvm.extras.procfs.ProcfsSmaps;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Where a scan's CPU time goes beyond the raw read, stage by stage (paired rounds, CPU time, medians), after 10 s
 * of the same rounds as warm-up (JMH's steady state), and the peers in the same rounds: micrometer-jvm-extras'
 * {@code ProcfsSmaps} (a new instance a round defeats its 1 s cache) and, on JDK 22+, the JDK's own System.map.
 * {@code java -cp wrss-jmh.jar dev.wrss.bench.ScanStages small 300}.
 */
public final class ScanStages {
    public static void main(String[] args) throws Exception {
        String shape = args[0];
        int rounds = Integer.parseInt(args[1]);
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        try (Shapes ignored = Shapes.create(shape);
                FileChannel raw =
                        FileChannel.open(Path.of("/proc/self/smaps"), StandardOpenOption.READ)) {
            ByteBuffer heap = ByteBuffer.allocate(64 * 1024);
            ByteBuffer direct = ByteBuffer.allocateDirect(64 * 1024);
            SmapsReader reader = new SmapsReader(Path.of("/proc"), "self");
            FootprintScanner scanner =
                    new FootprintScanner(
                            new SmapsReader(Path.of("/proc"), "self"),
                            new LayoutProbe(
                                    JvmFacts.over(ManagementFactory.getPlatformMBeanServer()),
                                    ProcessHandle.current().pid(),
                                    Path.of("/proc")),
                            50,
                            20);
            // the JDK's own per-mapping view (JDK 22+), a peer of the scan: run with
            // -XX:NativeMemoryTracking=summary
            javax.management.MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            javax.management.ObjectName dcmd =
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand");
            boolean systemMap =
                    java.util.Arrays.stream(server.getMBeanInfo(dcmd).getOperations())
                            .anyMatch(o -> o.getName().equals("systemMap"));
            String[] names =
                    systemMap
                            ? new String[] {
                                "rawHeap",
                                "rawDirect",
                                "readParse",
                                "pass",
                                "scan",
                                "procfsSmaps",
                                "systemMap"
                            }
                            : new String[] {
                                "rawHeap", "rawDirect", "readParse", "pass", "scan", "procfsSmaps"
                            };
            long[][] t = new long[names.length][rounds];
            long warmUpEnd = System.nanoTime() + 10_000_000_000L;
            long id = 0;
            double peerPss = 0;
            for (int i = -1; i < rounds; i++) {
                if (i == -1 && System.nanoTime() < warmUpEnd) {
                    i--; // still warming up: this round is not kept
                }
                ScanCpuRatio.rawRead(
                        raw, heap); // untimed: every timed stage follows a read of smaps, none the
                // peers' work
                long a = cpu.getCurrentThreadCpuTime();
                ScanCpuRatio.rawRead(raw, heap);
                long b = cpu.getCurrentThreadCpuTime();
                ScanCpuRatio.rawRead(raw, direct);
                long c = cpu.getCurrentThreadCpuTime();
                reader.read(m -> {});
                long d = cpu.getCurrentThreadCpuTime();
                scanner.passWithoutPublishing();
                long e = cpu.getCurrentThreadCpuTime();
                scanner.scan(++id);
                long f = cpu.getCurrentThreadCpuTime();
                peerPss = new ProcfsSmaps().get(ProcfsSmaps.KEY.PSS);
                long f2 = cpu.getCurrentThreadCpuTime();
                if (systemMap) {
                    server.invoke(
                            dcmd,
                            "systemMap",
                            new Object[] {new String[0]},
                            new String[] {String[].class.getName()});
                }
                long g = cpu.getCurrentThreadCpuTime();
                if (i >= 0) {
                    t[0][i] = b - a;
                    t[1][i] = c - b;
                    t[2][i] = d - c;
                    t[3][i] = e - d;
                    t[4][i] = f - e;
                    t[5][i] = f2 - f;
                    if (systemMap) {
                        t[6][i] = g - f2;
                    }
                }
            }
            long base = median(t[0]);
            System.out.printf(
                    "%s mappings=%d, Pss %.1f MiB (ProcfsSmaps' sum)%n",
                    shape, reader.mappings(), peerPss / (1 << 20));
            for (int s = 0; s < names.length; s++) {
                long[] r = new long[rounds];
                for (int i = 0; i < rounds; i++) r[i] = t[s][i] * 10000 / t[0][i];
                System.out.printf(
                        "  %-10s median %8.3f ms  ratio to rawHeap (paired median) %.4f%n",
                        names[s], median(t[s]) / 1e6, median(r) / 10000.0);
            }
        }
    }

    static long median(long[] a) {
        long[] c = a.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }
}
