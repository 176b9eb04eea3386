package dev.wrss.bench;

import dev.wrss.agent.FootprintScanner;
import dev.wrss.agent.layout.LayoutProbe;
import dev.wrss.agent.proc.SmapsReader;

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
 * The Java-side overhead as a ratio of CPU time, robust on a shared box: rounds alternate a raw read of
 * /proc/self/smaps with a full scan of it, each timed in this thread's CPU time (other processes' load
 * does not count), and the median of the per-round ratios is reported. Without arguments it forks one JVM
 * per shape: {@code java -cp agent/target/wrss-jmh.jar dev.wrss.bench.ScanCpuRatio}.
 */
public final class ScanCpuRatio {

    private static final String[][] SHAPES = {
        {"small", "-Xms256m", "-Xmx256m"},
        {"heap4g", "-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch"},
        {"threads2000", "-Xms256m", "-Xmx256m"},
        {"files10000", "-Xms256m", "-Xmx256m"},
    };

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        if (args.length > 0) {
            measure(args[0], rounds);
            return;
        }
        for (String[] s : SHAPES) {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            cmd.addAll(Arrays.asList(s).subList(1, s.length));
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ScanCpuRatio.class.getName(), s[0],
                    Integer.toString(rounds)));
            new ProcessBuilder(cmd).inheritIO().start().waitFor();
        }
    }

    private static void measure(String shape, int rounds) throws Exception {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        try (Shapes ignored = Shapes.create(shape);
             FileChannel raw = FileChannel.open(Path.of("/proc/self/smaps"), StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            FootprintScanner scanner = new FootprintScanner(new SmapsReader(Path.of("/proc"), "self"),
                    new LayoutProbe(ManagementFactory.getPlatformMBeanServer(), ProcessHandle.current().pid(),
                            Path.of("/proc")), 50, 20);
            for (int i = 0; i < 10; i++) { // warm-up: JIT and the layout's one-time facts
                scanner.scan(i);
                rawRead(raw, buf);
            }
            double[] ratios = new double[rounds];
            long rawSum = 0, scanSum = 0;
            for (int i = 0; i < rounds; i++) {
                long t0 = cpu.getCurrentThreadCpuTime();
                rawRead(raw, buf);
                long t1 = cpu.getCurrentThreadCpuTime();
                scanner.scan(100 + i);
                long t2 = cpu.getCurrentThreadCpuTime();
                ratios[i] = (double) (t2 - t1) / (t1 - t0);
                rawSum += t1 - t0;
                scanSum += t2 - t1;
            }
            Arrays.sort(ratios);
            System.out.printf("%-12s mappings=%6d raw=%8.2f ms scan=%8.2f ms (CPU, mean)  ratio median=%.3f "
                            + "p10=%.3f p90=%.3f%n", shape, scanner.layout() == null ? -1 : countMappings(), rawSum / 1e6 / rounds,
                    scanSum / 1e6 / rounds, ratios[rounds / 2], ratios[rounds / 10], ratios[rounds * 9 / 10]);
        }
    }

    private static int countMappings() throws java.io.IOException {
        SmapsReader r = new SmapsReader(Path.of("/proc"), "self");
        r.read(m -> { });
        r.close();
        return r.mappings();
    }

    private static long rawRead(FileChannel raw, ByteBuffer buf) throws java.io.IOException {
        raw.position(0);
        long total = 0;
        int n;
        while ((n = raw.read(buf.clear())) > 0) {
            total += n;
        }
        return total;
    }
}
