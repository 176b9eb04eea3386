package dev.wrss.agent;

import static dev.wrss.agent.OptionValues.fraction;
import static dev.wrss.agent.OptionValues.oneOf;
import static dev.wrss.agent.OptionValues.parseBytes;
import static dev.wrss.agent.OptionValues.parseDuration;
import static dev.wrss.agent.OptionValues.parseMaxPauseMicros;
import static dev.wrss.agent.OptionValues.range;

import dev.wrss.agent.evidence.EvidenceOptions;
import dev.wrss.agent.history.HistoryOptions;
import dev.wrss.agent.history.Resolution;
import dev.wrss.agent.history.Thresholds;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's options, parsed from the {@code -javaagent:wrss-agent.jar=interval=10s,log=info} string.
 * Parsing never fails: an unknown or malformed option is reported in {@link #problems()} and its
 * default kept, because a typo must not stop the host application from starting.
 *
 * The value forms (durations, byte sizes, fractions) are {@link OptionValues}'.
 *
 * <p>Option names are referenced by the README and by the {@code attach} command; do not rename.
 */
public record AgentOptions(
        long intervalMillis,
        String log,
        int topThreads,
        int topFiles,
        Path procRoot,
        String mode,
        double threshold,
        long maxAgeMillis,
        double budget,
        long largeRssBytes,
        long maxPauseMicros,
        long startDelayMillis,
        String logTo,
        boolean allowTrim,
        boolean vmInfo,
        List<String> problems) {

    public static final long MIN_INTERVAL_MILLIS = 500;
    public static final long MAX_INTERVAL_MILLIS = 3_600_000;

    /** startDelay when not given: premain waits so that the application configures JMX and logging first. */
    public static final long DEFAULT_START_DELAY_MILLIS = 15_000;

    /** startDelayMillis when not given: premain takes {@link #DEFAULT_START_DELAY_MILLIS}, agentmain none. */
    public static final long START_DELAY_UNSET = -1;

    // one line on the host's stderr: the forms only; the README's option table says what each does
    static final String ACCEPTED =
            "interval=<500ms..1h>, log=[stderr|stdout|jul][:off|info|debug], startDelay=<0..1h>, "
                    + "topThreads=<0..10000>, topFiles=<0..10000>, mode=smaps|pagemap|auto, threshold=<0%..100%>, "
                    + "maxAge=<1s..24h>, budget=<0.01%..100%>, largeRss=<0..1t>, maxPause=<0..10s>, "
                    + "vmInfo=true|false, allowTrim=true|false, history=off|<retention>@<step>,..., "
                    + "threshold.<region>=<bytes>, threshold.total=<bytes|n%>, reportDir=<dir>, reportAt=<n%,...>, "
                    + "widenReads=true|false (no effect)";

    public static AgentOptions defaults() {
        return new AgentOptions(
                10_000,
                "info",
                50,
                20,
                Path.of("/proc"),
                "smaps",
                0.01,
                60_000,
                0.005,
                4L << 30,
                1000,
                START_DELAY_UNSET,
                "default",
                false,
                true,
                List.of());
    }

    /** Parses the agent argument; null or empty gives the defaults. */
    public static AgentOptions parse(String args) {
        AgentOptions d = defaults();
        long interval = d.intervalMillis;
        String log = d.log;
        int topThreads = d.topThreads;
        int topFiles = d.topFiles;
        Path procRoot = d.procRoot;
        String mode = d.mode;
        double threshold = d.threshold;
        long maxAge = d.maxAgeMillis;
        double budget = d.budget;
        long largeRss = d.largeRssBytes;
        long maxPause = d.maxPauseMicros;
        long startDelay = d.startDelayMillis;
        String logTo = d.logTo;
        boolean allowTrim = d.allowTrim;
        boolean vmInfo = d.vmInfo;
        List<String> problems = new ArrayList<>();
        if (args != null && !args.isBlank()) {
            String lastKey = "";
            for (String item : args.split(",")) {
                String opt = item.trim();
                if (opt.isEmpty()
                        || lastKey.equals("history") && HistoryOptions.isContinuation(opt)
                        || lastKey.equals("reportAt") && EvidenceOptions.isContinuation(opt)) {
                    // history=1h@10s,24h@1m, reportAt=75%,90%: read with the option before
                    continue;
                }
                int eq = opt.indexOf('=');
                String key = eq < 0 ? opt : opt.substring(0, eq).trim();
                String value = eq < 0 ? "" : opt.substring(eq + 1).trim();
                lastKey = key;
                try {
                    switch (key) {
                        case "interval" -> interval = parseInterval(value);
                        case "log" -> {
                            String[] destAndLevel = logSpec(value);
                            logTo = destAndLevel[0] == null ? logTo : destAndLevel[0];
                            log = destAndLevel[1] == null ? log : destAndLevel[1];
                        }
                        case "startDelay" ->
                                startDelay = range(parseDuration(value), 0, MAX_INTERVAL_MILLIS);
                        case "topThreads" ->
                                topThreads = (int) range(Long.parseLong(value), 0, 10_000);
                        case "topFiles" -> topFiles = (int) range(Long.parseLong(value), 0, 10_000);
                        case "procRoot" ->
                                procRoot = Path.of(value); // a test seam: a fixture /proc tree
                        case "mode" -> mode = oneOf(value, "smaps", "pagemap", "auto");
                        case "threshold" -> threshold = fraction(value, 0, 1);
                        case "maxAge" -> maxAge = range(parseDuration(value), 1000, 86_400_000);
                        case "budget" -> budget = fraction(value, 0.0001, 1);
                        case "largeRss" -> largeRss = parseBytes(value);
                        case "maxPause" -> maxPause = parseMaxPauseMicros(value);
                        case "vmInfo" ->
                                vmInfo = Boolean.parseBoolean(oneOf(value, "true", "false"));
                        // kept so old command lines still work
                        case "widenReads" -> oneOf(value, "true", "false");
                        case "allowTrim" ->
                                allowTrim = Boolean.parseBoolean(oneOf(value, "true", "false"));
                        case "history" -> Resolution.parseList(HistoryOptions.historyValue(args));
                        case "reportDir" -> {
                            if (value.isEmpty()) {
                                throw new IllegalArgumentException("empty");
                            }
                        }
                        // its first level: enough to check
                        case "reportAt" -> EvidenceOptions.parseLevels(value);
                        default -> {
                            if (key.startsWith("threshold.")) {
                                Thresholds.check(key.substring("threshold.".length()), value);
                            } else {
                                problems.add("unknown option '" + printable(key) + "'");
                            }
                        }
                    }
                } catch (RuntimeException e) {
                    problems.add("bad value '" + printable(value) + "' for option '" + key + "'");
                }
            }
        }
        return new AgentOptions(
                interval,
                log,
                topThreads,
                topFiles,
                procRoot,
                mode,
                threshold,
                maxAge,
                budget,
                largeRss,
                maxPause,
                startDelay,
                logTo,
                allowTrim,
                vmInfo,
                List.copyOf(problems));
    }

    /** One line naming what was wrong and what is accepted, or null when all was well. */
    public String problemLine() {
        if (problems.isEmpty()) {
            return null;
        }
        return "ignoring "
                + String.join("; ", problems)
                + " (accepted: "
                + ACCEPTED
                + "); going on with defaults";
    }

    /** "jul", "debug", "stdout:debug" into {destination or null, level or null}; throws for anything else. */
    static String[] logSpec(String value) {
        int colon = value.indexOf(':');
        if (colon >= 0) {
            return new String[] {
                oneOf(value.substring(0, colon), "stderr", "stdout", "jul"),
                oneOf(value.substring(colon + 1), "off", "info", "debug")
            };
        }
        return switch (value) {
            case "off", "info", "debug" -> new String[] {null, value};
            default -> new String[] {oneOf(value, "stderr", "stdout", "jul"), null};
        };
    }

    /** The start delay to use: the option's, else 15 s when started with the application and none on attach. */
    public long startDelayMillis(boolean premain) {
        return startDelayMillis >= 0 ? startDelayMillis : premain ? DEFAULT_START_DELAY_MILLIS : 0;
    }

    static long parseInterval(String value) {
        return range(parseDuration(value), MIN_INTERVAL_MILLIS, MAX_INTERVAL_MILLIS);
    }

    /** Option text goes to the host's stderr: keep it short and free of control characters. */
    private static String printable(String s) {
        String t = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return t.replaceAll("\\p{Cntrl}", "?");
    }
}
