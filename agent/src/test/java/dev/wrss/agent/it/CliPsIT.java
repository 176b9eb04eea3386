package dev.wrss.agent.it;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code wrss ps} over real child JVMs, one with the agent and one without. */
class CliPsIT {

    static final long MIB = 1 << 20;

    @Test
    @SuppressWarnings("unchecked")
    void psListsEveryChildWithItsHeapAndTheTotalIsTheSumOfTheRows() throws Exception {
        List<String> fixedHeap = List.of("-Xms128m", "-Xmx128m", "-XX:+AlwaysPreTouch");
        try (ChildJvm plain = ChildJvm.start(Jdks.all().get(0).home(), fixedHeap);
             ChildJvm withAgent = ChildJvm.start(Jdks.all().get(0).home(),
                     List.of("-Xms128m", "-Xmx128m", "-XX:+AlwaysPreTouch", ChildJvm.agentArg("interval=1s")))) {
            withAgent.jmxWithWrss(); // published a first scan

            CliProcess.Result r = CliProcess.run("ps", "--json");
            assertEquals(0, r.exitCode(), r.toString());
            Map<String, Object> ps = JsonValue.object(JsonValue.parse(r.stdout()));
            List<Object> jvms = (List<Object>) ps.get("jvms");
            Map<Long, Map<String, Object>> byPid = new HashMap<>();
            long[] sums = new long[5];
            String[] keys = {"pss", "rss", "uss", "heapPss", "nonHeapPss"};
            long previousPss = Long.MAX_VALUE;
            for (Object o : jvms) {
                Map<String, Object> row = (Map<String, Object>) o;
                byPid.put(JsonValue.number(row, "pid"), row);
                for (int i = 0; i < keys.length; i++) {
                    sums[i] += Math.max(0, JsonValue.number(row, keys[i]));
                }
                assertTrue(JsonValue.number(row, "pss") <= previousPss, "sorted by PSS, largest first");
                previousPss = JsonValue.number(row, "pss");
            }
            Map<String, Object> total = JsonValue.object(ps, "total");
            for (int i = 0; i < keys.length; i++) {
                assertEquals(sums[i], JsonValue.number(total, keys[i]), keys[i] + " total:\n" + r.stdout());
            }
            assertEquals(jvms.size(), JsonValue.number(total, "jvms"));

            Map<String, Object> p = byPid.get(plain.pid());
            Map<String, Object> a = byPid.get(withAgent.pid());
            assertTrue(p != null && a != null, "both children listed:\n" + r.stdout());
            assertEquals("cli", p.get("heapSource"));
            assertEquals("agent", a.get("heapSource"));
            for (Map<String, Object> row : List.of(p, a)) {
                assertEquals(ChildApp.class.getName(), row.get("main"));
                long heap = JsonValue.number(row, "heapPss");
                assertTrue(heap >= 0.99 * 128 * MIB && heap <= 132 * MIB, "heap PSS of a pre-touched 128 MiB heap: " + heap);
                assertEquals(JsonValue.number(row, "pss"), heap + JsonValue.number(row, "nonHeapPss"));
                assertTrue(JsonValue.number(row, "uss") <= JsonValue.number(row, "pss")
                        && JsonValue.number(row, "pss") <= JsonValue.number(row, "rss"), row.toString());
            }

            CliProcess.Result human = CliProcess.run("ps");
            assertEquals(0, human.exitCode(), human.toString());
            assertTrue(human.stdout().contains(" " + plain.pid() + " ") && human.stdout().contains(" " + withAgent.pid() + " "),
                    human.stdout());
            assertTrue(human.stdout().lines().anyMatch(l -> l.trim().startsWith("TOTAL")), human.stdout());
        }
    }
}
