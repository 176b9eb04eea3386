package dev.wrss.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.management.openmbean.CompositeData;

/**
 * What Pss means, shown with three JVMs: each maps the same file and touches all of it, so each one's Rss
 * counts the file whole while its Pss counts a third, and the three Pss values add up to the file's size.
 * The launcher starts the three children with the wrss agent and reads their MBeans over attach and JMX.
 * <pre>
 * java -cp examples/target/wrss-examples.jar dev.wrss.examples.SharedFileDemo [--mb 64] [--jvms 3]
 *      [--agent agent/target/wrss-agent.jar]
 * </pre>
 */
public final class SharedFileDemo {

    private static final double MIB = 1 << 20;
    private static MappedByteBuffer mapped; // the child keeps its mapping for as long as it lives

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("child")) {
            child(Path.of(args[1]));
            return;
        }
        int mb = intArg(args, "--mb", 64);
        int jvms = intArg(args, "--jvms", 3);
        Path agent =
                Path.of(stringArg(args, "--agent", "agent/target/wrss-agent.jar")).toAbsolutePath();
        if (!Files.isRegularFile(agent)) {
            System.err.println(
                    "no agent jar at " + agent + ": build it (mvn package) or pass --agent <jar>");
            System.exit(2);
        }
        Path file =
                Files.createTempFile("wrss-shared", ".bin")
                        .toRealPath(); // smaps shows the real path
        List<Process> children = new ArrayList<>();
        try {
            write(file, (long) mb << 20);
            for (int i = 0; i < jvms; i++) {
                children.add(startChild(agent, file));
            }
            for (Process p : children) {
                awaitReady(p);
            }
            report(file, (long) mb << 20, children);
        } finally {
            children.forEach(
                    Process::destroy); // closing their stdin would do too: children exit on EOF
            Files.deleteIfExists(file);
        }
    }

    private static void report(Path file, long fileBytes, List<Process> children) throws Exception {
        System.out.printf(
                Locale.ROOT,
                "%s: %.2f MiB, mapped and read whole by %d JVMs with the wrss agent%n%n",
                file,
                fileBytes / MIB,
                children.size());
        System.out.printf(
                Locale.ROOT,
                "%-9s %12s %12s %18s %8s%n",
                "PID",
                "FILE RSS",
                "FILE PSS",
                "mapped_files PSS",
                "SOURCE");
        long pssSum = 0;
        for (Process p : children) {
            try (AttachedJvm jvm = AttachedJvm.attach(p.pid())) {
                jvm.awaitWrss(60_000);
                jvm.scan(); // every child has touched the whole file by now: this scan sees
                // all the sharing
                CompositeData row = jvm.mappedFile(file.toString());
                long regionPss = jvm.region("mapped_files", "pss");
                // the file's own row if the agent lists it (top files by Pss, option topFiles);
                // else the mapped_files region, which also holds the JVM's small mapped files
                // (hsperfdata, locales)
                long rss = row != null ? (Long) row.get("rss") : jvm.region("mapped_files", "rss");
                long pss = row != null ? (Long) row.get("pss") : regionPss;
                pssSum += pss;
                System.out.printf(
                        Locale.ROOT,
                        "%-9d %8.2f MiB %8.2f MiB %14.2f MiB %8s%n",
                        p.pid(),
                        rss / MIB,
                        pss / MIB,
                        regionPss / MIB,
                        row != null ? "file" : "region");
            }
        }
        System.out.printf(Locale.ROOT, "%-9s %12s %8.2f MiB%n%n", "SUM", "", pssSum / MIB);
        System.out.printf(
                Locale.ROOT,
                "Each JVM's RSS counts the whole file; its PSS counts 1/%d of it; "
                        + "the PSS values add up to the file (%.2f MiB), so summing PSS over processes does not "
                        + "double-count shared pages.%n",
                children.size(),
                fileBytes / MIB);
    }

    private static void write(Path file, long bytes) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
        for (int i = 0; i < chunk.capacity(); i++) {
            chunk.put(i, (byte) (i * 31));
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            for (long at = 0; at < bytes; at += chunk.capacity()) {
                ch.write(chunk.clear(), at);
            }
        }
    }

    private static Process startChild(Path agent, Path file) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(
                        java,
                        "-javaagent:" + agent,
                        "-Xmx64m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        SharedFileDemo.class.getName(),
                        "child",
                        file.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    private static void awaitReady(Process p) throws IOException {
        BufferedReader out =
                new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("READY")) {
                return;
            }
        }
        throw new IOException("child " + p.pid() + " exited before mapping the file");
    }

    /** Maps the file shared and reads one byte of every page, so that all of it is resident and mapped here. */
    static void child(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            mapped = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
        }
        long sum = 0;
        for (int i = 0; i < mapped.capacity(); i += 4096) {
            sum += mapped.get(i);
        }
        System.out.println("READY " + sum);
        while (System.in.read() >= 0) {
            // live until the launcher goes away
        }
    }

    private static int intArg(String[] args, String name, int dflt) {
        return Integer.parseInt(stringArg(args, name, Integer.toString(dflt)));
    }

    private static String stringArg(String[] args, String name, String dflt) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return dflt;
    }
}
