package dev.wrss.agent.it.hostile;

import java.lang.management.ManagementFactory;
import java.util.logging.LogManager;

/**
 * Configures JVM-wide facilities in main, after a delay, as WildFly and JBoss Modules applications do:
 * {@code jul <ms>} installs JBoss LogManager ({@code java.util.logging.manager}) and then asks JUL for its log
 * manager; {@code builder <ms>} installs {@link OwnBuilder} ({@code javax.management.builder.initial}). Then it
 * creates the platform MBeanServer and prints what it got, then READY. Halts with 99 on any uncaught exception.
 */
public final class LateConfigApp extends HostileApp {

    public static void main(String[] args) throws Exception {
        haltOnUncaught();
        Thread.sleep(Long.parseLong(args[1]));
        if (args[0].equals("jul")) {
            System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
            say("LOGMANAGER " + LogManager.getLogManager().getClass().getName());
        } else {
            System.setProperty("javax.management.builder.initial", OwnBuilder.class.getName());
        }
        var server = ManagementFactory.getPlatformMBeanServer();
        say("PLATFORM " + (OwnBuilder.built(server) ? "OwnBuilder" : server.getClass().getName()));
        say("READY");
        serve(cmd -> null);
    }
}
