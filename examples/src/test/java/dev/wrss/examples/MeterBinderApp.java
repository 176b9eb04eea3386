package dev.wrss.examples;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.util.TreeMap;
import javax.management.ObjectName;

/**
 * An application that binds {@link WrssMeterBinder} first thing in main, before the wrss agent can have
 * registered, and reports what it saw: {@code BEFORE n} (wrss beans present when it bound), then per
 * {@code read} command a {@code GAUGES region=pss ...} line from its own registry.
 */
public final class MeterBinderApp {

    public static void main(String[] args) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new WrssMeterBinder()
                .bindTo(registry); // creates the platform MBeanServer: the agent's gate opens now
        int before =
                ManagementFactory.getPlatformMBeanServer()
                        .queryNames(new ObjectName("wrss:*"), null)
                        .size();
        System.out.println("BEFORE " + before);
        System.out.println("READY " + ProcessHandle.current().pid());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        String line;
        while ((line = in.readLine()) != null) {
            TreeMap<String, Double> pss = new TreeMap<>();
            for (Gauge g : registry.find("jvm.wrss.memory.usage").tag("measure", "pss").gauges()) {
                pss.put(g.getId().getTag("region"), g.value());
            }
            StringBuilder out = new StringBuilder("GAUGES");
            pss.forEach((region, v) -> out.append(' ').append(region).append('=').append(v));
            System.out.println(out);
            System.out.println("OK " + line.trim());
        }
    }
}
