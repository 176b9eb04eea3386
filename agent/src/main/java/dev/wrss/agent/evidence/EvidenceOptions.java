package dev.wrss.agent.evidence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The evidence part of the agent argument: {@code reportDir=<dir>} and {@code reportAt=75%,90%}. The argument's
 * own commas split the levels, so a bare {@code 90%} after reportAt continues it.
 */
public final class EvidenceOptions {

    static final double[] DEFAULT_LEVELS = {0.75, 0.90};

    private EvidenceOptions() {}

    /** Whether {@code token}, without an {@code =}, is one more level of a reportAt option. */
    public static boolean isContinuation(String token) {
        return token.endsWith("%") && token.indexOf('=') < 0;
    }

    /** The value of {@code key}, with reportAt's continuation tokens; null when absent. */
    static String value(String args, String key) {
        if (args == null) {
            return null;
        }
        String value = null;
        boolean in = false;
        for (String item : args.split(",")) {
            String opt = item.trim();
            int eq = opt.indexOf('=');
            if (eq >= 0) {
                in = opt.substring(0, eq).trim().equals(key);
                if (in) {
                    value = opt.substring(eq + 1).trim();
                }
            } else if (in && isContinuation(opt)) {
                value = value + "," + opt;
            }
        }
        return value;
    }

    /** Parses {@code 75%,90%} (or {@code +}-separated) into ascending shares; throws when malformed. */
    public static double[] parseLevels(String text) {
        List<Double> out = new ArrayList<>();
        for (String t : text.split("[,+]")) {
            String v = t.trim();
            double d =
                    v.endsWith("%")
                            ? Double.parseDouble(v.substring(0, v.length() - 1)) / 100
                            : Double.parseDouble(v);
            if (!(d > 0 && d <= 1)) {
                throw new IllegalArgumentException(
                        "a level is a share of the limit, 0% < n <= 100%: " + t);
            }
            out.add(d);
        }
        return out.stream().mapToDouble(Double::doubleValue).sorted().distinct().toArray();
    }

    static double[] levels(String text) {
        try {
            return text == null ? DEFAULT_LEVELS.clone() : parseLevels(text);
        } catch (RuntimeException e) {
            return DEFAULT_LEVELS.clone();
        }
    }

    /** MemTotal of /proc/meminfo in bytes: the limit when there is no cgroup limit; -1 if unreadable. */
    static long memTotalBytes(Path procRoot) {
        try {
            for (String line : Files.readAllLines(procRoot.resolve("meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // no fallback: without a limit there are no shares
        }
        return -1;
    }
}
