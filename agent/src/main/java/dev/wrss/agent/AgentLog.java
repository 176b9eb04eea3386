package dev.wrss.agent;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The agent's only voice: one {@code [wrss]} line on the host's stderr per distinct problem per minute,
 * so a fault that repeats every scan cannot flood the application's log.
 */
public final class AgentLog {

    static final long QUIET_MILLIS = 60_000;
    private static final int MAX_KEYS = 256;

    private final int level; // 0 off, 1 info, 2 debug
    private final Map<String, Long> lastLogged = new LinkedHashMap<>();

    public AgentLog(String level) {
        this.level = switch (level) {
            case "off" -> 0;
            case "debug" -> 2;
            default -> 1;
        };
    }

    public void info(String message) {
        if (level >= 1) {
            print(message);
        }
    }

    public void debug(String message) {
        if (level >= 2) {
            print(message);
        }
    }

    /** Logs a problem unless the same {@code key} was logged within the last minute. */
    public synchronized void problem(String key, String message) {
        if (level == 0) {
            return;
        }
        long now = System.currentTimeMillis();
        Long last = lastLogged.get(key);
        if (last != null && now - last < QUIET_MILLIS) {
            return;
        }
        if (lastLogged.size() >= MAX_KEYS) {
            lastLogged.remove(lastLogged.keySet().iterator().next());
        }
        lastLogged.put(key, now);
        print(message);
    }

    private static void print(String message) {
        System.err.println("[wrss] " + message);
    }
}
