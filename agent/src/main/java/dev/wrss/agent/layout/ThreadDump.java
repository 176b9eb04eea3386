package dev.wrss.agent.layout;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Full thread names by OS thread id, parsed from {@code Thread.print}. The {@code nid} is hex on JDK 17
 * and decimal on JDK 25:
 * <pre>
 * "main" #1 prio=5 os_prio=0 cpu=32.02ms elapsed=1.79s tid=0x00007f4034019550 nid=0xdc6 waiting on condition  [0x...]
 * "worker, "quoted" #2" #21 [4516] daemon prio=5 os_prio=0 cpu=0.40ms elapsed=1.90s tid=0x00007f184010d610 nid=4516 ...
 * "GC Thread#0" os_prio=0 cpu=4.69ms elapsed=1.03s tid=0x... nid=6814 runnable
 * </pre>
 */
final class ThreadDump {

    // greedy (.*) backtracks to the last quote before the fixed fields, so names may contain quotes
    private static final Pattern HEADER =
            Pattern.compile(
                    "^\"(.*)\" (?:#\\d+ )?(?:\\[\\d+\\] )?(?:daemon )?(?:prio=\\d+ )?os_prio=-?\\d+ .*? nid=(0x\\p{XDigit}+|\\d+) ");

    private ThreadDump() {}

    static Map<Long, String> parse(String text) {
        Map<Long, String> names = new HashMap<>();
        if (text == null) {
            return names;
        }
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.charAt(0) != '"') {
                continue;
            }
            Matcher m = HEADER.matcher(line);
            if (m.find()) {
                String nid = m.group(2);
                long tid =
                        nid.startsWith("0x")
                                ? Long.parseLong(nid.substring(2), 16)
                                : Long.parseLong(nid);
                names.put(tid, m.group(1));
            }
        }
        return names;
    }
}
