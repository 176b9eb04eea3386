package dev.wrss.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.List;

/**
 * Measures the latency a scan imposes on the application: a thread of a child JVM with an 8 GiB touched
 * heap maps and unmaps a small file in a loop (mmap and munmap take mmap_lock for writing, which a page-table
 * walk holds for reading) and reports its slowest round; once without the agent, then with the agent
 * scanning continuously in each mode. Run: {@code java -cp agent/target/wrss-jmh.jar dev.wrss.bench.MmapStall
 * [seconds [heap [run,run... [jvmOption,jvmOption...]]]]}, runs: none, smaps, pagemap, auto, auto-nobody,
 * auto-nobody-10s; the options are added to the child's.
 */
public final class MmapStall {

    public static void main(String[] args) throws Exception {
        String seconds = args.length > 0 ? args[0] : "30";
        String heap = args.length > 1 ? args[1] : "8g";
        List<String> only = args.length > 2 ? List.of(args[2].split(",")) : null;
        List<String> extra =
                args.length > 3
                        ? List.of(args[3].split(","))
                        : List.of(); // e.g. -XX:-UseCompressedOops
        String scanFast = "interval=500ms,threshold=0,budget=100%";
        // mode=auto as nobody: no kpagecount, so Pss of shared pages comes from a full smaps walk
        // at most maxAge old
        List<String> nobody =
                List.of(
                        "setpriv",
                        "--reuid=65534",
                        "--regid=65534",
                        "--clear-groups",
                        "--inh-caps=-all");
        Object[][] runs = {
            {"none", "no agent", null, List.of()},
            {"smaps", "smaps", "mode=smaps," + scanFast, List.of()},
            {"pagemap", "pagemap", "mode=pagemap," + scanFast, List.of()},
            {
                "auto",
                "auto above largeRss=1g, root",
                "mode=auto,largeRss=1g," + scanFast,
                List.of()
            },
            {
                "auto-nobody",
                "auto above largeRss=1g, nobody",
                "mode=auto,largeRss=1g," + scanFast,
                nobody
            },
            {
                "auto-nobody-10s",
                "auto above largeRss=1g, nobody, maxAge=10s",
                "mode=auto,largeRss=1g,maxAge=10s," + scanFast,
                nobody
            },
        };
        for (Object[] run : runs) {
            if (only != null && !only.contains((String) run[0])) {
                continue;
            }
            List<String> jvmArgs =
                    new java.util.ArrayList<>(
                            List.of("-Xms" + heap, "-Xmx" + heap, "-XX:+AlwaysPreTouch"));
            jvmArgs.addAll(extra);
            @SuppressWarnings("unchecked")
            Process p =
                    ChildRun.start(
                            (List<String>) run[3],
                            "StallApp",
                            (String) run[2],
                            jvmArgs,
                            List.of(seconds));
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()));
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("RESULT")) {
                    System.out.println(run[1] + ": " + line.substring(7));
                }
            }
            p.waitFor();
        }
    }
}
