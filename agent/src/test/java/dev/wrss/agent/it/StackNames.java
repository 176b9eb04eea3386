package dev.wrss.agent.it;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares the threads System.map names ({@code STACK-<tid>-<name>}) with wrss:type=ThreadStacks: same tid,
 * same name once sanitised the way HotSpot does it.
 */
final class StackNames {

    /** What HotSpot prints for every GC worker and concurrent thread, whatever its real name. */
    private static final String GC_THREAD = "GC-Thread";

    private static final String MISSING = " missing";

    /** {@code matched} of {@code named} threads agree; {@code problems} says how the others differ. */
    record Result(int named, int matched, List<String> problems) {
        /** True if wrss lacks one of the tids (a thread on CPU at every scan so far), not just a name. */
        boolean anyMissing() {
            return problems.stream().anyMatch(p -> p.endsWith(MISSING));
        }

        double percent() {
            return named == 0 ? 0 : 100.0 * matched / named;
        }
    }

    private StackNames() {}

    static Result compare(List<NmtOracle.Range> systemMap, List<AgentRows.Stack> wrss) {
        Map<Long, String> oracle = new HashMap<>();
        for (NmtOracle.Range r : systemMap) {
            if (r.stackTid() > 0) {
                oracle.put(r.stackTid(), r.stackName());
            }
        }
        Map<Long, String> ours = new HashMap<>();
        for (AgentRows.Stack s : wrss) {
            ours.put(s.tid(), s.name());
        }
        int matched = 0;
        List<String> problems = new ArrayList<>();
        for (Map.Entry<Long, String> e : oracle.entrySet()) {
            String name = ours.get(e.getKey());
            if (name == null) {
                problems.add("tid " + e.getKey() + " (" + e.getValue() + ")" + MISSING);
            } else if (!sameName(e.getValue(), name)) {
                problems.add(
                        "tid "
                                + e.getKey()
                                + " is "
                                + e.getValue()
                                + " in System.map, '"
                                + name
                                + "' in wrss");
            } else {
                matched++;
            }
        }
        return new Result(oracle.size(), matched, problems);
    }

    /**
     * HotSpot formats "STACK-tid-name" into a 64-byte buffer (so long names are cut) and turns every byte
     * that is not ASCII alphanumeric into '-'; GC threads all print as "GC Thread".
     */
    static boolean sameName(String systemMapName, String wrssName) {
        if (systemMapName.equals(GC_THREAD)) {
            return true;
        }
        String ours = sanitise(wrssName);
        return ours.equals(systemMapName)
                || systemMapName.length() >= 40 && ours.startsWith(systemMapName);
    }

    static String sanitise(String name) {
        StringBuilder sb = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            boolean alnum = b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z';
            sb.append(alnum ? (char) b : '-');
        }
        return sb.toString();
    }
}
