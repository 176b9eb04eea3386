package dev.wrss.agent.history;

import java.util.ArrayList;
import java.util.List;

/**
 * The history's part of the agent argument. {@code history=1h@10s,24h@1m} is split by the argument's own
 * commas, so a token without {@code =} that holds an {@code @} continues the history option before it.
 * {@link dev.wrss.agent.AgentOptions} reports malformed values; here they fall back to the defaults.
 */
public final class HistoryOptions {

    private HistoryOptions() {}

    /** The option's value with its continuation tokens, or null when the argument has no history option. */
    public static String historyValue(String args) {
        if (args == null) {
            return null;
        }
        String value = null;
        boolean inHistory = false;
        for (String item : args.split(",")) {
            String opt = item.trim();
            int eq = opt.indexOf('=');
            if (eq >= 0) {
                inHistory = opt.substring(0, eq).trim().equals("history");
                if (inHistory) {
                    value = opt.substring(eq + 1).trim();
                }
            } else if (inHistory && isContinuation(opt)) {
                value = value + "," + opt;
            }
        }
        return value;
    }

    /** Whether {@code token}, without an {@code =}, is one more resolution of a history option. */
    public static boolean isContinuation(String token) {
        return token.indexOf('@') > 0 && token.indexOf('=') < 0;
    }

    /** The resolutions the argument asks for: the defaults when it says nothing or something malformed. */
    public static List<Resolution> resolutions(String args, long intervalMillis) {
        String v = historyValue(args);
        if (v == null) {
            return Resolution.defaults(intervalMillis);
        }
        try {
            return new ArrayList<>(Resolution.parseList(v));
        } catch (RuntimeException e) {
            return Resolution.defaults(intervalMillis);
        }
    }
}
