package dev.wrss.bench;

import dev.wrss.agent.layout.JvmFacts;
import dev.wrss.agent.layout.LayoutProbe;
import dev.wrss.agent.proc.SmapsReader;
import dev.wrss.agent.scan.FootprintScanner;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Java-side overhead as the agent pays it in its first half hour, which JMH's warm-up cannot show: the code
 * that runs once per scan (layout refresh, publication) is still interpreted, because the agent scans every
 * 10 s and HotSpot compiles a method after 256-384 calls (docs/performance.md, section 2), while the
 * code run per mapping is compiled within the first scans. Each fork scans {@code warm-up} times (100 by
 * default: per-mapping code compiled, per-scan code not yet), then alternates a raw read of /proc/self/smaps
 * with a full scan of it for {@code rounds} rounds (50), each timed in this thread's CPU time, and reports the
 * median of the per-round ratios. Steady state, with everything compiled, is {@link ScanRatioBenchmark} (JMH).
 *
 * <pre>
 * java -cp agent/target/wrss-jmh.jar dev.wrss.bench.ScanCpuRatio [forks]     every shape, 5 forks each
 * java -cp agent/target/wrss-jmh.jar dev.wrss.bench.ScanCpuRatio small 100 50 one fork, in this JVM
 * </pre>
 */
public final class ScanCpuRatio {

    private static final String[][] SHAPES = {
        {"small", "-Xms256m", "-Xmx256m"},
        {"heap4g", "-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch"},
        {"threads2000", "-Xms256m", "-Xmx256m"},
        {"files10000", "-Xms256m", "-Xmx256m"},
    };
    private static final int WARM_UP_SCANS = 100;
    private static final int ROUNDS = 50;

    public static void main(String[] args) throws Exception {
        if (args.length == 3) {
            System.out.println(
                    measure(args[0], Integer.parseInt(args[1]), Integer.parseInt(args[2])));
            return;
        }
        int forks = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        for (String[] s : SHAPES) {
            double[] medians = new double[forks];
            for (int f = 0; f < forks; f++) {
                List<String> cmd =
                        new ArrayList<>(
                                List.of(
                                        Path.of(System.getProperty("java.home"), "bin", "java")
                                                .toString()));
                cmd.addAll(Arrays.asList(s).subList(1, s.length));
                cmd.addAll(
                        List.of(
                                "-cp",
                                System.getProperty("java.class.path"),
                                ScanCpuRatio.class.getName(),
                                s[0],
                                Integer.toString(WARM_UP_SCANS),
                                Integer.toString(ROUNDS)));
                Process p =
                        new ProcessBuilder(cmd)
                                .redirectError(ProcessBuilder.Redirect.INHERIT)
                                .start();
                String line = new String(p.getInputStream().readAllBytes()).trim();
                p.waitFor();
                System.out.println("  " + line);
                medians[f] =
                        Double.parseDouble(
                                line.substring(line.indexOf("median=") + 7).split(" ")[0]);
            }
            Arrays.sort(medians);
            System.out.printf(
                    "%-12s median of %d forks' medians %.3f (min %.3f, max %.3f)%n",
                    s[0], forks, medians[forks / 2], medians[0], medians[forks - 1]);
        }
    }

    private static String measure(String shape, int warmUpScans, int rounds) throws Exception {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        try (Shapes ignored = Shapes.create(shape);
                FileChannel raw =
                        FileChannel.open(Path.of("/proc/self/smaps"), StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            SmapsReader reader = new SmapsReader(Path.of("/proc"), "self");
            FootprintScanner scanner =
                    new FootprintScanner(
                            reader,
                            new LayoutProbe(
                                    JvmFacts.over(ManagementFactory.getPlatformMBeanServer()),
                                    ProcessHandle.current().pid(),
                                    Path.of("/proc")),
                            50,
                            20);
            long id = 0;
            for (int i = 0; i < warmUpScans; i++) {
                scanner.scan(++id);
                rawRead(raw, buf);
            }
            double[] ratios = new double[rounds];
            long rawSum = 0;
            long scanSum = 0;
            for (int i = 0; i < rounds; i++) {
                long a = cpu.getCurrentThreadCpuTime();
                long rawNanos;
                long scanNanos;
                if ((i & 1) == 0) {
                    rawRead(raw, buf);
                    long b = cpu.getCurrentThreadCpuTime();
                    scanner.scan(++id);
                    rawNanos = b - a;
                    scanNanos = cpu.getCurrentThreadCpuTime() - b;
                } else {
                    scanner.scan(++id);
                    long b = cpu.getCurrentThreadCpuTime();
                    rawRead(raw, buf);
                    scanNanos = b - a;
                    rawNanos = cpu.getCurrentThreadCpuTime() - b;
                }
                ratios[i] = (double) scanNanos / rawNanos;
                rawSum += rawNanos;
                scanSum += scanNanos;
            }
            Arrays.sort(ratios);
            return String.format(
                    "%-12s mappings=%6d warm-up=%d scans raw=%7.2f ms scan=%7.2f ms (CPU, mean)  "
                            + "ratio median=%.3f p25=%.3f p75=%.3f",
                    shape,
                    reader.mappings(),
                    warmUpScans,
                    rawSum / 1e6 / rounds,
                    scanSum / 1e6 / rounds,
                    ratios[rounds / 2],
                    ratios[rounds / 4],
                    ratios[rounds * 3 / 4]);
        }
    }

    /** The kernel's cost: an open file rewound and read to its end, as much asked of each read as {@code buf} holds. */
    static void rawRead(FileChannel raw, ByteBuffer buf) throws java.io.IOException {
        raw.position(0);
        while (raw.read(buf.clear()) > 0) {
            // the kernel's cost only
        }
    }
}
