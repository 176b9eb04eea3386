package dev.wrss.agent.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Leaves what a real-server run saw in target/fidelity: wrss's rows, the oracle, /proc/PID/maps and the
 * diagnostic commands the layout is built from, named as the layout fixtures are
 * ({@code <server>-<jdk>.<what>.txt}), so a miss can be read by hand and a capture become a fixture.
 */
final class RealServerCaptures {

    private RealServerCaptures() {}

    static void keep(String tag, List<AgentRows.Row> rows, Map<String, String> texts) {
        try {
            Path out = Files.createDirectories(Path.of("target", "fidelity"));
            StringBuilder sb = new StringBuilder();
            for (AgentRows.Row r : rows) {
                sb.append(
                        String.format(
                                Locale.ROOT,
                                "%x-%x %s %10d %10d %-14s %s%n",
                                r.start(),
                                r.end(),
                                r.perms(),
                                r.rssBytes(),
                                r.pssBytes(),
                                r.region(),
                                r.path() == null ? "" : r.path()));
            }
            Files.writeString(out.resolve(tag + ".wrss.txt"), sb);
            for (Map.Entry<String, String> e : texts.entrySet()) {
                Files.writeString(out.resolve(tag + "." + e.getKey() + ".txt"), e.getValue());
            }
        } catch (IOException | RuntimeException e) {
            System.out.println("   (could not keep the captures: " + e + ")");
        }
    }
}
