package dev.wrss.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a child JVM that runs one of the single-file programs under {@code children/} with the wrss agent
 * jar, so the measurements in {@link IdleCost} and {@link MmapStall} see the agent exactly as shipped.
 */
final class ChildRun {

    private ChildRun() {}

    static Path agentJar() {
        Path jar =
                Path.of(System.getProperty("wrss.agent.jar", "agent/target/wrss-agent.jar"))
                        .toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    "no agent jar at " + jar + "; build it or set -Dwrss.agent.jar");
        }
        return jar;
    }

    /** Starts {@code java jvmArgs <program>.java args}; agentOptions null means without the agent. */
    static Process start(
            String program, String agentOptions, List<String> jvmArgs, List<String> args)
            throws IOException {
        return start(List.of(), program, agentOptions, jvmArgs, args);
    }

    /** Like {@link #start(String, String, List, List)}, run through {@code prefix} (e.g. setpriv to nobody). */
    static Process start(
            List<String> prefix,
            String program,
            String agentOptions,
            List<String> jvmArgs,
            List<String> args)
            throws IOException {
        return start(
                prefix,
                agentOptions == null ? null : agentJar(),
                program,
                agentOptions,
                jvmArgs,
                args);
    }

    /** Like {@link #start(List, String, String, List, List)}, with {@code agentJar} (null: without an agent). */
    static Process start(
            List<String> prefix,
            Path agentJar,
            String program,
            String agentOptions,
            List<String> jvmArgs,
            List<String> args)
            throws IOException {
        Path dir = Files.createTempDirectory("wrss-child");
        Path src = dir.resolve(program + ".java");
        try (InputStream in =
                ChildRun.class.getResourceAsStream("/children/" + program + ".java")) {
            Files.copy(in, src);
        }
        // another user (prefix) must be able to read the program
        Files.setPosixFilePermissions(
                dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(
                src, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (agentJar != null) {
            String options =
                    agentOptions == null || agentOptions.isEmpty() ? "" : "=" + agentOptions;
            cmd.add("-javaagent:" + agentJar + options);
        }
        cmd.addAll(jvmArgs);
        cmd.add(src.toString());
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** The task id of the thread named {@code name} in process {@code pid}, or -1. */
    static long tidOf(long pid, String name) throws IOException {
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    if (Files.readString(t.resolve("comm")).trim().equals(name)) {
                        return Long.parseLong(t.getFileName().toString());
                    }
                } catch (IOException gone) {
                    // the thread ended while we listed
                }
            }
        }
        return -1;
    }

    /** Nanoseconds the thread has run on a CPU: schedstat's first field (stat's utime+stime tick at 10 ms). */
    static long cpuNanos(long pid, long tid) throws IOException {
        String s =
                Files.readString(
                        Path.of(
                                "/proc",
                                Long.toString(pid),
                                "task",
                                Long.toString(tid),
                                "schedstat"));
        return Long.parseLong(s.substring(0, s.indexOf(' ')));
    }
}
