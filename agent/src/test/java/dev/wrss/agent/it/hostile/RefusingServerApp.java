package dev.wrss.agent.it.hostile;

import java.lang.management.ManagementFactory;

/**
 * Installs {@link OwnBuilder} in main with {@code hostile.refuse=wrss} and creates the platform MBeanServer with
 * it: every wrss registration is refused. Halts with 99 on any uncaught exception.
 */
public final class RefusingServerApp extends HostileApp {

    public static void main(String[] args) throws Exception {
        haltOnUncaught();
        System.setProperty("hostile.refuse", "wrss");
        System.setProperty("javax.management.builder.initial", OwnBuilder.class.getName());
        ManagementFactory.getPlatformMBeanServer();
        say("READY");
        serve(cmd -> null);
    }
}
