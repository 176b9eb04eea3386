package dev.wrss.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.tools.ToolProvider;

/**
 * How much later {@code main} starts with the agent: the wall time from starting a JVM to its first line
 * from {@code main} ({@code MainStamp}), without an agent, with an agent whose premain does nothing (what
 * {@code -javaagent} itself costs) and with {@code -javaagent:wrss-agent.jar}, interleaved in rotated
 * order; the medians of the differences within each round, with their interquartile ranges.
 *
 * <pre>java -cp agent/target/wrss-jmh.jar dev.wrss.bench.StartupToMain 40 [agent options]</pre>
 */
public final class StartupToMain {

    private StartupToMain() {}

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        String options = args.length > 1 ? args[1] : "";
        Path classes = compile();
        Path agent = ChildRun.agentJar();
        Path noop = noopAgent();
        Path[] agents = {null, noop, agent};
        String[] opts = {"", "", options};
        for (int i = 0; i < 3; i++) { // the page cache and the JDK's CDS archive warm
            for (int k = 0; k < agents.length; k++) {
                toMain(classes, agents[k], opts[k]);
            }
        }
        double[][] ms = new double[agents.length][pairs];
        for (int i = 0; i < pairs; i++) {
            for (int j = 0; j < agents.length; j++) {
                int k = (i + j) % agents.length;
                ms[k][i] = toMain(classes, agents[k], opts[k]);
            }
        }
        double[] noopDelta = new double[pairs];
        double[] wrssDelta = new double[pairs];
        double[] overNoop = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            noopDelta[i] = ms[1][i] - ms[0][i];
            wrssDelta[i] = ms[2][i] - ms[0][i];
            overNoop[i] = ms[2][i] - ms[1][i];
        }
        System.out.printf(
                "start to main, %d rounds, JDK %s, options '%s'%n",
                pairs, System.getProperty("java.version"), options);
        System.out.printf("  without an agent        %s%n", quartiles(ms[0]));
        System.out.printf("  no-op agent - none      %s%n", quartiles(noopDelta));
        System.out.printf("  wrss - none             %s%n", quartiles(wrssDelta));
        System.out.printf("  wrss - no-op agent      %s%n", quartiles(overNoop));
    }

    /** A jar whose premain returns at once. */
    private static Path noopAgent() throws Exception {
        Path dir = Files.createTempDirectory("wrss-noop-agent");
        Path src = dir.resolve("Noop.java");
        Files.writeString(
                src,
                "public class Noop { public static void premain(String a, "
                        + "java.lang.instrument.Instrumentation i) {} }");
        if (ToolProvider.getSystemJavaCompiler().run(null, null, null, src.toString()) != 0) {
            throw new IllegalStateException("could not compile " + src);
        }
        Path jar = dir.resolve("noop.jar");
        java.util.jar.Manifest m = new java.util.jar.Manifest();
        m.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue("Premain-Class", "Noop");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar), m)) {
            out.putNextEntry(new java.util.jar.JarEntry("Noop.class"));
            out.write(Files.readAllBytes(dir.resolve("Noop.class")));
            out.closeEntry();
        }
        return jar;
    }

    private static String quartiles(double[] ms) {
        double[] s = ms.clone();
        Arrays.sort(s);
        return String.format(
                "median %.1f ms [q1 %.1f .. q3 %.1f]",
                s[s.length / 2], s[s.length / 4], s[3 * s.length / 4]);
    }

    private static double toMain(Path classes, Path agent, String options) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (agent != null) {
            cmd.add("-javaagent:" + agent + (options.isEmpty() ? "" : "=" + options));
        }
        cmd.addAll(List.of("-cp", classes.toString(), "MainStamp"));
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader out =
                new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            if (!"MAIN".equals(out.readLine())) {
                throw new IllegalStateException("MainStamp did not reach main");
            }
            double ms = (System.nanoTime() - start) / 1e6;
            p.waitFor();
            return ms;
        }
    }

    private static Path compile() throws Exception {
        Path dir = Files.createTempDirectory("wrss-main-stamp");
        Path src = dir.resolve("MainStamp.java");
        try (var in = StartupToMain.class.getResourceAsStream("/children/MainStamp.java")) {
            Files.copy(in, src);
        }
        if (ToolProvider.getSystemJavaCompiler().run(null, null, null, src.toString()) != 0) {
            throw new IllegalStateException("could not compile " + src);
        }
        return dir;
    }
}
