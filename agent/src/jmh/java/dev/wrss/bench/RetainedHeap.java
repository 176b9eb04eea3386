package dev.wrss.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.List;

/**
 * Measures the heap the agent really keeps: the same child JVM with N mapped files (default 20,000) with and
 * without the agent, heap in use after full GCs, compared; also prints the agent's own estimate. Serial GC
 * and a fixed heap keep the runs alike. A third run without the agent makes the JMX calls the agent makes, so
 * the JVM's own management machinery can be told apart from the agent's own share.
 * Run: {@code java -cp agent/target/wrss-jmh.jar dev.wrss.bench.RetainedHeap}.
 */
public final class RetainedHeap {

    public static void main(String[] args) throws Exception {
        String n = args.length > 0 ? args[0] : "20000";
        List<String> jvm = List.of("-Xms256m", "-Xmx256m", "-XX:+UseSerialGC", "-Xshare:auto");
        String without = run(null, jvm, n);
        List<String> machineryJvm = new java.util.ArrayList<>(jvm);
        machineryJvm.add("-Dmachinery=true");
        String machinery = run(null, machineryJvm, n);
        String with = run("", jvm, n);
        long a = field(without, "usedAfterGc");
        long m = field(machinery, "usedAfterGc");
        long b = field(with, "usedAfterGc");
        System.out.println("without agent:        " + without);
        System.out.println("JVM machinery only:   " + machinery);
        System.out.println("with agent:           " + with);
        System.out.printf(
                "agent retained heap with %s mapped files: %.2f MiB, of which the JVM's management"
                        + " machinery %.2f MiB and the agent's own %.2f MiB (estimate %.2f MiB)%n",
                n,
                (b - a) / 1048576.0,
                (m - a) / 1048576.0,
                (b - m) / 1048576.0,
                field(with, "selfRetainedEstimate") / 1048576.0);
    }

    private static String run(String agent, List<String> jvm, String n) throws Exception {
        Process p = ChildRun.start("RetainedApp", agent, jvm, List.of(n));
        String result = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("RESULT ")) {
                    result = line.substring(7);
                }
            }
        }
        p.waitFor();
        return result;
    }

    private static long field(String line, String name) {
        for (String kv : line.split(" ")) {
            if (kv.startsWith(name + "=")) {
                return Long.parseLong(kv.substring(name.length() + 1));
            }
        }
        return -1;
    }
}
