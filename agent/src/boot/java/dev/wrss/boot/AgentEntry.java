package dev.wrss.boot;

import java.lang.instrument.Instrumentation;

/**
 * The manifest's Premain-Class and Agent-Class: checks the Java version, then hands over to
 * {@code dev.wrss.agent.Agent}. Whatever goes wrong, the application starts and reads one {@code [wrss]} line.
 */
public final class AgentEntry {

    private AgentEntry() {}

    public static void premain(String args, Instrumentation inst) {
        handOver("premain", args, inst);
    }

    public static void agentmain(String args, Instrumentation inst) {
        handOver("agentmain", args, inst);
    }

    private static void handOver(String method, String args, Instrumentation inst) {
        try {
            String unsupported = JavaVersion.unsupported();
            if (unsupported != null) {
                say("not started: " + unsupported);
                return;
            }
            Class<?> agent =
                    Class.forName("dev.wrss.agent.Agent", true, AgentEntry.class.getClassLoader());
            agent.getMethod(method, String.class, Instrumentation.class).invoke(null, args, inst);
        } catch (Throwable t) {
            say("not started: " + JavaVersion.describe(t));
        }
    }

    private static void say(String line) {
        try {
            System.err.println("[wrss] " + line);
        } catch (Throwable ignored) {
            // the application's stderr failed: nothing else is ours to write to
        }
    }
}
