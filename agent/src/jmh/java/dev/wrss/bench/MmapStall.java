package dev.wrss.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.List;

/**
 * Measures the latency a scan imposes on the application: a thread of a child JVM with an 8 GiB touched
 * heap maps and unmaps a small file in a loop (mmap and munmap take mmap_lock for writing, which a page-table
 * walk holds for reading) and reports its slowest round; once without the agent, then with the agent
 * scanning continuously in each mode. Run: {@code java -cp agent/target/wrss-jmh.jar dev.wrss.bench.MmapStall [seconds]}.
 */
public final class MmapStall {

    public static void main(String[] args) throws Exception {
        String seconds = args.length > 0 ? args[0] : "30";
        String heap = args.length > 1 ? args[1] : "8g";
        String[][] runs = {
            {"no agent", null},
            {"smaps", "mode=smaps,interval=500ms,threshold=0,budget=100%"},
            {"pagemap", "mode=pagemap,interval=500ms,threshold=0,budget=100%"},
        };
        for (String[] run : runs) {
            Process p = ChildRun.start("StallApp", run[1],
                    List.of("-Xms" + heap, "-Xmx" + heap, "-XX:+AlwaysPreTouch"), List.of(seconds));
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()));
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("RESULT")) {
                    System.out.println(run[0] + ": " + line.substring(7));
                }
            }
            p.waitFor();
        }
    }
}
