package dev.wrss.agent;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The agent's only voice: a few lines, one per distinct problem per minute, so a fault that repeats every scan
 * cannot flood the application's log. They go to stderr, stdout or {@code java.util.logging} (logger
 * {@code dev.wrss}: INFO for news, WARNING for problems). By default they go to JUL when the
 * {@code java.util.logging.manager} property names a log manager (the application's logging framework owns
 * JUL, and what a thread writes to stderr may be logged as an error there), else to stderr. JUL is touched only
 * once the start gate opened ({@link #ready()}); lines before that are kept, at most {@link #EARLY_LINES}.
 * Writing a line never throws: the application may have replaced System.err with anything.
 */
public final class AgentLog {

    static final long QUIET_MILLIS = 60_000;
    static final int EARLY_LINES = 16;
    private static final int MAX_KEYS = 256;

    private final int level; // 0 off, 1 info, 2 debug

    /** stderr, stdout, jul, or default (decided at {@link #ready()}). */
    private volatile String destination;

    private final Map<String, Long> lastLogged = new LinkedHashMap<>();

    /** Lines held until {@link #ready()}: {problem ? "W" : "I", text}. */
    private final ArrayDeque<String[]> early = new ArrayDeque<>();

    private boolean ready;

    /** A log at {@code level} (off, info, debug) on stderr. */
    public AgentLog(String level) {
        this(level, "stderr");
    }

    /** @param destination stderr, stdout, jul, or default */
    public AgentLog(String level, String destination) {
        this.level =
                switch (level) {
                    case "off" -> 0;
                    case "debug" -> 2;
                    default -> 1;
                };
        this.destination =
                "default".equals(destination) && customLogManager() ? "jul" : destination;
    }

    public void info(String message) {
        if (level >= 1) {
            emit(false, message);
        }
    }

    public void debug(String message) {
        if (level >= 2) {
            emit(false, message);
        }
    }

    /** A throwable in one short phrase: its simple class name and message. */
    public static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
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
        emit(true, message);
    }

    /** The start gate opened: JUL may be used now; the lines kept so far are written. */
    public synchronized void ready() {
        if (ready) {
            return;
        }
        ready = true;
        if ("default".equals(destination)) {
            destination = customLogManager() ? "jul" : "stderr";
        }
        while (!early.isEmpty()) {
            String[] line = early.poll();
            write("W".equals(line[0]), line[1]);
        }
    }

    /** Where lines go, once decided: stderr, stdout, jul; "default" until {@link #ready()}. */
    String destination() {
        return destination;
    }

    private synchronized void emit(boolean problem, String message) {
        String d = destination;
        if (!ready && ("jul".equals(d) || "default".equals(d))) {
            if (early.size() >= EARLY_LINES) {
                early.poll(); // the newest lines say the most about the state the agent is in
            }
            early.add(new String[] {problem ? "W" : "I", message});
            return;
        }
        write(problem, message);
    }

    private void write(boolean problem, String message) {
        try {
            if ("jul".equals(destination)) {
                Jul.log(problem, message);
                return;
            }
            PrintStream out = "stdout".equals(destination) ? System.out : System.err;
            out.println("[wrss] " + message);
        } catch (Throwable t) {
            // the application's stream or log handler failed: the line is lost, the agent and the
            // host are not
        }
    }

    private static boolean customLogManager() {
        try {
            String m = System.getProperty("java.util.logging.manager");
            return m != null && !m.isBlank();
        } catch (Throwable t) {
            return false;
        }
    }

    /** Loaded only when a line goes to JUL, so that nothing touches java.util.logging before then. */
    private static final class Jul {
        private static final java.util.logging.Logger LOGGER =
                java.util.logging.Logger.getLogger("dev.wrss");

        static void log(boolean problem, String message) {
            LOGGER.log(
                    problem ? java.util.logging.Level.WARNING : java.util.logging.Level.INFO,
                    message);
        }
    }
}
