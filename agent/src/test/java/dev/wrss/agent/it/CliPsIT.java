package dev.wrss.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wrss.mbeans.MiniJson;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code wrss ps} over real child JVMs, one with the agent and one without. */
class CliPsIT {

    static final long MIB = 1 << 20;

    @Test
    @SuppressWarnings("unchecked")
    void psListsEveryChildWithItsHeapAndTheTotalIsTheSumOfTheRows() throws Exception {
        List<String> fixedHeap = List.of("-Xms128m", "-Xmx128m", "-XX:+AlwaysPreTouch");
        try (ChildJvm plain = ChildJvm.start(Jdks.all().get(0).home(), fixedHeap);
                ChildJvm withAgent =
                        ChildJvm.start(
                                Jdks.all().get(0).home(),
                                List.of(
                                        "-Xms128m",
                                        "-Xmx128m",
                                        "-XX:+AlwaysPreTouch",
                                        ChildJvm.agentArg("interval=1s")))) {
            withAgent.jmxWithWrss(); // published a first scan

            CliProcess.Result r = CliProcess.run("ps", "--json");
            assertEquals(0, r.exitCode(), r.toString());
            Map<String, Object> ps = MiniJson.object(MiniJson.parse(r.stdout()));
            List<Object> jvms = (List<Object>) ps.get("jvms");
            Map<Long, Map<String, Object>> byPid = new HashMap<>();
            long[] sums = new long[5];
            String[] keys = {"pss", "rss", "uss", "heapPss", "nonHeapPss"};
            long previousPss = Long.MAX_VALUE;
            for (Object o : jvms) {
                Map<String, Object> row = (Map<String, Object>) o;
                byPid.put(MiniJson.number(row, "pid"), row);
                for (int i = 0; i < keys.length; i++) {
                    sums[i] += Math.max(0, MiniJson.number(row, keys[i]));
                }
                assertTrue(
                        MiniJson.number(row, "pss") <= previousPss, "sorted by PSS, largest first");
                previousPss = MiniJson.number(row, "pss");
            }
            Map<String, Object> total = MiniJson.object(ps, "total");
            for (int i = 0; i < keys.length; i++) {
                assertEquals(
                        sums[i],
                        MiniJson.number(total, keys[i]),
                        keys[i] + " total:\n" + r.stdout());
            }
            assertEquals(jvms.size(), MiniJson.number(total, "jvms"));

            Map<String, Object> p = byPid.get(plain.pid());
            Map<String, Object> a = byPid.get(withAgent.pid());
            assertTrue(p != null && a != null, "both children listed:\n" + r.stdout());
            assertEquals("cli", p.get("heapSource"));
            assertEquals("agent", a.get("heapSource"));
            for (Map<String, Object> row : List.of(p, a)) {
                assertEquals(ChildApp.class.getName(), row.get("main"));
                long heap = MiniJson.number(row, "heapPss");
                assertTrue(
                        heap >= 0.99 * 128 * MIB && heap <= 132 * MIB,
                        "heap PSS of a pre-touched 128 MiB heap: " + heap);
                assertEquals(
                        MiniJson.number(row, "pss"), heap + MiniJson.number(row, "nonHeapPss"));
                assertTrue(
                        MiniJson.number(row, "uss") <= MiniJson.number(row, "pss")
                                && MiniJson.number(row, "pss") <= MiniJson.number(row, "rss"),
                        row.toString());
            }

            CliProcess.Result human = CliProcess.run("ps");
            assertEquals(0, human.exitCode(), human.toString());
            assertTrue(
                    human.stdout().contains(" " + plain.pid() + " ")
                            && human.stdout().contains(" " + withAgent.pid() + " "),
                    human.stdout());
            assertTrue(
                    human.stdout().lines().anyMatch(l -> l.trim().startsWith("TOTAL")),
                    human.stdout());
        }
    }
}
