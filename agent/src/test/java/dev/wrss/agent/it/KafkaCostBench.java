package dev.wrss.agent.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the agent costs a real server, as its users would see it: an Apache Kafka broker ({@link KafkaServer},
 * KRaft, 127.0.0.1) started fresh for every run, without and with the agent (defaults) in alternating order
 * (ABBA), each run producing {@value KafkaServer#PRODUCE_MIB} MiB. Per run: the broker's CPU (user + system,
 * /proc/PID/stat) from its start to the last acknowledgement, per MiB produced, and the producer's wall time.
 * Prints the per-pair ratios (with / without) with their mean, 95 % interval and range, and writes them to
 * {@code target/kafka-cost.txt}. A benchmark, not a test: its name keeps it out of {@code mvn verify}. Run:
 * {@code mvn -B -pl agent -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=KafkaCostBench -Dwrss.pairs=60}.
 */
class KafkaCostBench {

    @Test
    void brokerCpuPerMiBWithAndWithoutTheAgent(@TempDir Path work) throws Exception {
        int pairs = Integer.getInteger("wrss.pairs", 10);
        Path jdk = Path.of(System.getProperty("java.home"));
        double[] cpu = new double[pairs];
        double[] time = new double[pairs];
        StringBuilder out = new StringBuilder();
        out.append(
                String.format(
                        "Kafka 4.1.1, %d MiB a run, JDK %s, %d pairs (ABBA)%n"
                                + "pair  cpu ms without  with   load ms without  with%n",
                        KafkaServer.PRODUCE_MIB, System.getProperty("java.version"), pairs));
        for (int i = 0; i < pairs; i++) {
            boolean agentFirst = i % 2 == 1;
            long[] first = run(work.resolve(i + "a"), jdk, agentFirst);
            long[] second = run(work.resolve(i + "b"), jdk, !agentFirst);
            long[] without = agentFirst ? second : first;
            long[] with = agentFirst ? first : second;
            cpu[i] = (double) with[0] / without[0];
            time[i] = (double) with[1] / without[1];
            String line =
                    String.format(
                            "%4d  %14d %5d   %15d %5d%n",
                            i, without[0], with[0], without[1], with[1]);
            out.append(line);
            System.out.print(line);
        }
        out.append(summary("broker CPU per MiB, with / without", cpu));
        out.append(summary("producer wall time, with / without", time));
        System.out.print(out);
        Files.writeString(Path.of("target", "kafka-cost.txt"), out, StandardCharsets.UTF_8);
        assertTrue(pairs > 0);
    }

    /** {broker CPU ms from start to the end of the load, producer wall ms}. */
    private static long[] run(Path work, Path jdk, boolean agent) throws Exception {
        Files.createDirectories(work);
        try (KafkaServer kafka = new KafkaServer(work)) {
            kafka.fetch(RealServerFidelityIT.CACHE);
            kafka.start(jdk, agent ? List.of(ChildJvm.agentArg("")) : List.of());
            long t0 = System.nanoTime();
            kafka.load();
            long loadMillis = (System.nanoTime() - t0) / 1_000_000;
            return new long[] {cpuMillis(kafka.javaPid()), loadMillis};
        } finally {
            deleteTree(work); // each run leaves its produced MiB in the log directory
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static long cpuMillis(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime: fields 14, 15
        return ticks * 1000 / 100; // USER_HZ is 100 on Linux
    }

    /** Mean, its 95 % interval (normal approximation), median and range of per-pair ratios. */
    static String summary(String what, double[] ratios) {
        int n = ratios.length;
        double mean = Arrays.stream(ratios).average().orElse(Double.NaN);
        double var = 0;
        for (double r : ratios) {
            var += (r - mean) * (r - mean);
        }
        double sd = n > 1 ? Math.sqrt(var / (n - 1)) : Double.NaN;
        double half = 1.96 * sd / Math.sqrt(n);
        double[] sorted = ratios.clone();
        Arrays.sort(sorted);
        List<String> parts = new ArrayList<>();
        parts.add(String.format("mean %.4f ± %.4f (95 %%)", mean, half));
        parts.add(String.format("median %.4f", sorted[n / 2]));
        parts.add(String.format("range %.3f..%.3f", sorted[0], sorted[n - 1]));
        parts.add(String.format("sd %.4f, %d pairs", sd, n));
        return what + ": " + String.join(", ", parts) + System.lineSeparator();
    }
}
