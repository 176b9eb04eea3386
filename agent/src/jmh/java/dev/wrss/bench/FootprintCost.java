package dev.wrss.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.ToolProvider;

/**
 * What the agent adds to a small JVM, side by side in one run: {@code SmallApp} without an agent, with an
 * agent that only creates the platform MBeanServer (what any JMX-based tool costs), and with wrss, the three
 * interleaved {@code pairs} times. After {@code seconds} of life each child's CPU (user + system, from
 * /proc/PID/stat), peak RSS (VmHWM) and PSS (smaps_rollup) are read; medians and ranges are printed, and wrss
 * less the MBeanServer-only agent. Run:
 * {@code java -cp agent/target/wrss-jmh.jar dev.wrss.bench.FootprintCost [pairs] [seconds] [wrss options]}.
 */
public final class FootprintCost {

    private static final String[] VARIANTS = {"none", "mbeanserver-only", "wrss"};

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        long seconds = args.length > 1 ? Long.parseLong(args[1]) : 10;
        String options = args.length > 2 ? args[2] : "log=off";
        Path jmxOnly = mbeanServerOnlyAgent();
        Path classes = compileSmallApp();
        long[][][] m =
                new long[VARIANTS.length][3][pairs]; // variant, {cpu ms, hwm KiB, pss KiB}, run
        for (int run = 0; run < pairs; run++) {
            for (int v = 0; v < VARIANTS.length; v++) {
                int variant =
                        (v + run) % VARIANTS.length; // rotate the order: the first child of a round
                // pays more
                long[] r =
                        measure(
                                classes,
                                variant == 0 ? null : variant == 1 ? jmxOnly : ChildRun.agentJar(),
                                variant == 2 ? options : "",
                                seconds);
                for (int k = 0; k < 3; k++) {
                    m[variant][k][run] = r[k];
                }
            }
        }
        System.out.printf(
                "SmallApp, %d s of life, %d runs each, JDK %s; median [min..max]%n",
                seconds, pairs, System.getProperty("java.version"));
        String[] what = {"CPU ms", "peak RSS KiB", "PSS KiB"};
        for (int k = 0; k < 3; k++) {
            StringBuilder line = new StringBuilder(String.format("%-13s", what[k]));
            for (int v = 0; v < VARIANTS.length; v++) {
                long[] x = m[v][k].clone();
                Arrays.sort(x);
                line.append(
                        String.format(
                                "  %s %d [%d..%d]", VARIANTS[v], x[pairs / 2], x[0], x[pairs - 1]));
            }
            long[] d = new long[pairs];
            for (int i = 0; i < pairs; i++) {
                d[i] = m[2][k][i] - m[1][k][i];
            }
            Arrays.sort(d);
            line.append(
                    String.format(
                            "  | wrss - mbeanserver-only %d [%d..%d]",
                            d[pairs / 2], d[0], d[pairs - 1]));
            System.out.println(line);
        }
    }

    /** {cpu ms, VmHWM KiB, Pss KiB} of one child after {@code seconds}. */
    private static long[] measure(Path classes, Path agent, String options, long seconds)
            throws Exception {
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Xmx256m"));
        if (agent != null) {
            cmd.add("-javaagent:" + agent + (options.isEmpty() ? "" : "=" + options));
        }
        cmd.addAll(List.of("-cp", classes.toString(), "SmallApp"));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out =
                    new BufferedReader(
                            new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            if (!"READY".equals(out.readLine())) {
                throw new IllegalStateException("SmallApp did not start");
            }
            Thread.sleep(seconds * 1000);
            Path proc = Path.of("/proc", Long.toString(p.pid()));
            String stat = Files.readString(proc.resolve("stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks =
                    Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
            return new long[] {
                ticks * 10,
                field(proc.resolve("status"), "VmHWM:"),
                field(proc.resolve("smaps_rollup"), "Pss:")
            };
        } finally {
            p.getOutputStream().close();
            p.waitFor();
        }
    }

    private static long field(Path file, String key) throws IOException {
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith(key)) {
                return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
            }
        }
        return -1;
    }

    /** SmallApp compiled once: a single-file launch would add javac's own cost to every child. */
    static Path compileSmallApp() throws IOException {
        Path dir = Files.createTempDirectory("wrss-small-app");
        Path src = dir.resolve("SmallApp.java");
        try (var in = FootprintCost.class.getResourceAsStream("/children/SmallApp.java")) {
            Files.copy(in, src);
        }
        if (ToolProvider.getSystemJavaCompiler().run(null, null, null, src.toString()) != 0) {
            throw new IllegalStateException("could not compile " + src);
        }
        return dir;
    }

    /** A jar whose agent only creates the platform MBeanServer on a thread of its own, as JMX-based agents do. */
    private static Path mbeanServerOnlyAgent() throws IOException {
        Path dir = Files.createTempDirectory("wrss-jmx-only");
        Path src = dir.resolve("JmxOnly.java");
        Files.writeString(
                src,
                "public class JmxOnly { public static void premain(String a, "
                        + "java.lang.instrument.Instrumentation i) { Thread t = new Thread(() -> "
                        + "java.lang.management.ManagementFactory.getPlatformMBeanServer()); t.setDaemon(true); t.start(); } }");
        if (ToolProvider.getSystemJavaCompiler().run(null, null, null, src.toString()) != 0) {
            throw new IllegalStateException("could not compile " + src);
        }
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().putValue("Premain-Class", "JmxOnly");
        Path jar = dir.resolve("jmx-only.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), mf)) {
            out.putNextEntry(new JarEntry("JmxOnly.class"));
            out.write(Files.readAllBytes(dir.resolve("JmxOnly.class")));
            out.closeEntry();
        }
        return jar;
    }

    private FootprintCost() {}
}
