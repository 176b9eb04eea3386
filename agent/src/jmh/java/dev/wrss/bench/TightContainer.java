package dev.wrss.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Whether a small JVM ({@code SmallApp 8}: 8 MiB of live data in a {@code -Xmx32m} G1 heap, which puts each
 * 1 MiB array in two regions; 50 threads; the platform MBeanServer) survives in a cgroup v1 memory limit,
 * without and with the agent, {@code runs} times each, interleaved, at each limit given (MiB). A run survives
 * when the child is alive after {@code seconds} and the cgroup counted no OOM kill. Needs root and
 * {@code /sys/fs/cgroup/memory}; each run gets a directory {@code wrss-test-<random>} there, removed
 * afterwards. Run:
 * {@code java -cp agent/target/wrss-jmh.jar dev.wrss.bench.TightContainer [runs] [seconds] [MiB,MiB,...] [options]}.
 */
public final class TightContainer {

    private static final Path MEMORY = Path.of("/sys/fs/cgroup/memory");

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        long seconds = args.length > 1 ? Long.parseLong(args[1]) : 20;
        String[] limits = (args.length > 2 ? args[2] : "56,60,64,68,72,76,80").split(",");
        String options = args.length > 3 ? args[3] : "log=off";
        if (!Files.isWritable(MEMORY)) {
            System.out.println("NOT RUN: needs root and a cgroup v1 memory hierarchy at " + MEMORY);
            return;
        }
        Path classes = FootprintCost.compileSmallApp();
        System.out.printf(
                "SmallApp 8, -Xmx32m, %d s, %d runs each, JDK %s%n",
                seconds, runs, System.getProperty("java.version"));
        for (String limit : limits) {
            int[] survived = new int[2];
            for (int run = 0; run < runs; run++) {
                for (int v = 0; v < 2; v++) {
                    int variant = (v + run) % 2;
                    if (survives(
                            classes,
                            Long.parseLong(limit.trim()) << 20,
                            variant == 1 ? options : null,
                            seconds)) {
                        survived[variant]++;
                    }
                }
            }
            System.out.printf(
                    "limit %4s MiB: without the agent %d of %d, with it %d of %d%n",
                    limit.trim(), survived[0], runs, survived[1], runs);
        }
    }

    private static boolean survives(Path classes, long limitBytes, String options, long seconds)
            throws Exception {
        Path group =
                MEMORY.resolve(
                        "wrss-test-"
                                + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1));
        Files.createDirectory(group);
        try {
            Files.writeString(
                    group.resolve("memory.swappiness"), "0"); // the limit must kill, not swap
            Files.writeString(group.resolve("memory.limit_in_bytes"), Long.toString(limitBytes));
            if (Files.exists(group.resolve("memory.memsw.limit_in_bytes"))) {
                Files.writeString(
                        group.resolve("memory.memsw.limit_in_bytes"), Long.toString(limitBytes));
            }
            List<String> java =
                    new ArrayList<>(
                            List.of(
                                    Path.of(System.getProperty("java.home"), "bin", "java")
                                            .toString(),
                                    "-Xmx32m"));
            if (options != null) {
                java.add(
                        "-javaagent:"
                                + ChildRun.agentJar()
                                + (options.isEmpty() ? "" : "=" + options));
            }
            java.addAll(List.of("-cp", classes.toString(), "SmallApp", "8"));
            // the shell joins the group before exec: everything the JVM touches from its first page
            // is charged
            String cmd =
                    "echo $$ > "
                            + group.resolve("cgroup.procs")
                            + " && exec "
                            + String.join(" ", java);
            Process p =
                    new ProcessBuilder("/bin/sh", "-c", cmd)
                            .redirectError(ProcessBuilder.Redirect.DISCARD)
                            .start();
            try {
                BufferedReader out =
                        new BufferedReader(
                                new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                boolean ready = "READY".equals(out.readLine());
                boolean alive = ready && !p.waitFor(seconds, TimeUnit.SECONDS);
                return alive && oomKills(group) == 0;
            } finally {
                p.destroyForcibly();
                p.waitFor();
            }
        } finally {
            for (int i = 0; i < 50 && !deleted(group); i++) {
                Thread.sleep(100); // the group empties once the child's exit is accounted
            }
        }
    }

    private static long oomKills(Path group) throws IOException {
        for (String line : Files.readAllLines(group.resolve("memory.oom_control"))) {
            if (line.startsWith("oom_kill ")) {
                return Long.parseLong(line.substring(9).trim());
            }
        }
        return 0; // a kernel without the counter: the child's survival alone decides
    }

    private static boolean deleted(Path group) {
        try {
            Files.deleteIfExists(group);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private TightContainer() {}
}
