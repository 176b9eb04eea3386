package dev.wrss.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.wrss.agent.it.ChildJvm;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import javax.management.MBeanServerConnection;
import org.junit.jupiter.api.Test;

/**
 * The binder bound before the agent registered its beans (the application saw none) still ends with a gauge
 * per region, each equal to the Region bean's Pss read over JMX around the application's reading.
 */
class WrssMeterBinderIT {

    @Test
    void aBinderBoundBeforeTheAgentRegisteredGetsEveryRegion() throws Exception {
        try (ChildJvm app =
                ChildJvm.run(
                        List.of(
                                DocumentedCommand.java(),
                                ChildJvm.agentArg(""),
                                "-cp",
                                System.getProperty("java.class.path"),
                                MeterBinderApp.class.getName()),
                        DocumentedCommand.root())) {
            app.await("READY", 60);
            assertTrue(
                    app.stdout().contains("BEFORE 0\n"),
                    "the binder was not bound before the agent: " + app.describe());
            MBeanServerConnection jmx = app.jmxWithWrss();
            for (int attempt = 1; attempt <= 30; attempt++) {
                Map<String, Long> before = pss(jmx);
                app.send("read");
                Map<String, Long> after = pss(jmx);
                Map<String, Double> gauges = lastGauges(app.stdout());
                assertEquals(
                        new TreeSet<>(WrssReading.REGIONS),
                        new TreeSet<>(gauges.keySet()),
                        app.describe());
                if (before.equals(after)) { // no scan in between: the gauges read these values
                    for (String region : WrssReading.REGIONS) {
                        assertEquals(
                                before.get(region),
                                gauges.get(region),
                                before.get(region) * 0.01 + 1,
                                region);
                    }
                    return;
                }
            }
            fail("a scan landed during every reading: " + app.describe());
        }
    }

    private static Map<String, Long> pss(MBeanServerConnection jmx) throws Exception {
        Map<String, Long> out = new HashMap<>();
        for (String region : WrssReading.REGIONS) {
            out.put(
                    region,
                    (Long)
                            jmx.getAttribute(
                                    WrssReading.name("wrss:type=Region,name=" + region), "Pss"));
        }
        return out;
    }

    private static Map<String, Double> lastGauges(String stdout) {
        String line = stdout.substring(stdout.lastIndexOf("GAUGES"));
        line = line.substring(0, line.indexOf('\n'));
        Map<String, Double> out = new HashMap<>();
        for (String kv : line.substring("GAUGES".length()).trim().split(" ")) {
            if (!kv.isEmpty()) {
                out.put(
                        kv.substring(0, kv.indexOf('=')),
                        Double.parseDouble(kv.substring(kv.indexOf('=') + 1)));
            }
        }
        return out;
    }
}
