package dev.wrss.examples;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.lang.management.ManagementFactory;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.MBeanServerDelegate;
import javax.management.MBeanServerNotification;
import javax.management.Notification;
import javax.management.NotificationFilter;
import javax.management.NotificationListener;
import javax.management.ObjectName;

/**
 * Micrometer gauges over the wrss MBeans, for an application that has Micrometer (Spring Boot: declare it as a
 * {@code @Bean}). Copy this class; the wrss agent has no Micrometer in it.
 * <p>
 * The agent registers its beans late (once the application has created the platform MBeanServer, then on its
 * own thread), so a binder that only looked at bind time would find nothing. This one binds the beans present
 * and listens on the MBeanServer delegate for the ones registered later.
 * <ul>
 *   <li>{@code jvm.wrss.memory.usage} (bytes), tags {@code region} and {@code measure} = rss, pss, uss, swap</li>
 *   <li>{@code jvm.wrss.process.memory.usage} (bytes), tag {@code measure}: the process totals</li>
 *   <li>{@code jvm.wrss.data.age} (seconds since the last scan)</li>
 * </ul>
 * A value the bean gives as -1 (unknown) or cannot give reads NaN, which registries leave out.
 */
public final class WrssMeterBinder implements MeterBinder {

    private static final String[] MEASURES = {"Rss", "Pss", "Uss", "Swap"};

    private final MBeanServer server;

    public WrssMeterBinder() {
        this(ManagementFactory.getPlatformMBeanServer());
    }

    public WrssMeterBinder(MBeanServer server) {
        this.server = server;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        ObjectName pattern = name("wrss:*");
        NotificationListener listener =
                (Notification n, Object handback) ->
                        bind(registry, ((MBeanServerNotification) n).getMBeanName());
        NotificationFilter filter =
                n ->
                        n instanceof MBeanServerNotification m
                                && MBeanServerNotification.REGISTRATION_NOTIFICATION.equals(
                                        m.getType())
                                && pattern.apply(m.getMBeanName());
        try {
            // listen first, then look: a bean registered in between is bound twice, which
            // Micrometer ignores
            server.addNotificationListener(
                    MBeanServerDelegate.DELEGATE_NAME, listener, filter, null);
        } catch (Exception e) {
            throw new IllegalStateException("cannot listen for MBean registrations", e);
        }
        Set<ObjectName> present = server.queryNames(pattern, null);
        present.forEach(bean -> bind(registry, bean));
    }

    private void bind(MeterRegistry registry, ObjectName bean) {
        String type = bean.getKeyProperty("type");
        if ("Region".equals(type)) {
            for (String m : MEASURES) {
                gauge(
                        registry,
                        "jvm.wrss.memory.usage",
                        bean,
                        m,
                        1,
                        Tags.of("region", bean.getKeyProperty("name"), "measure", m.toLowerCase()));
            }
        } else if ("Footprint".equals(type)) {
            for (String m : MEASURES) {
                gauge(
                        registry,
                        "jvm.wrss.process.memory.usage",
                        bean,
                        m,
                        1,
                        Tags.of("measure", m.toLowerCase()));
            }
            Gauge.builder("jvm.wrss.data.age", () -> read(bean, "DataAgeMillis") / 1000)
                    .baseUnit("seconds")
                    .description("Time since the last scan of /proc/self/smaps")
                    .register(registry);
        }
    }

    private void gauge(
            MeterRegistry registry,
            String name,
            ObjectName bean,
            String attribute,
            double scale,
            Tags tags) {
        Gauge.builder(name, () -> read(bean, attribute) * scale)
                .tags(tags)
                .baseUnit("bytes")
                .description("Resident memory measured by wrss (smaps), by measure")
                .register(registry);
    }

    private double read(ObjectName bean, String attribute) {
        try {
            double v = ((Number) server.getAttribute(bean, attribute)).doubleValue();
            return v < 0 ? Double.NaN : v;
        } catch (Exception e) { // unregistered, or the agent is stopping: no value rather than a
            // failed scrape
            return Double.NaN;
        }
    }

    private static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (Exception e) {
            throw new IllegalArgumentException(name, e);
        }
    }
}
