package dev.wrss.agent.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The JDKs the integration tests run child JVMs on: the one running the tests (17 on these machines),
 * Temurin 25 where the machine has it, and any homes listed in WRSS_TEST_JDKS (colon-separated).
 * A JDK that is expected but missing is announced as NOT RUN on stderr, never silently dropped.
 */
public final class Jdks {

    public static final Path TEMURIN_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

    public record Jdk(String name, Path home, int feature, boolean installed) {
        @Override
        public String toString() {
            return name;
        }

        /** Aborts the calling test as skipped, saying NOT RUN, when this JDK is missing. */
        public void assumeInstalled() {
            if (!installed) {
                String why = "NOT RUN: " + name + " is not installed at " + home;
                System.err.println(why);
                org.junit.jupiter.api.Assumptions.abort(why);
            }
        }
    }

    private Jdks() {}

    public static List<Jdk> all() {
        Map<Path, Jdk> out = new LinkedHashMap<>();
        Path self = Path.of(System.getProperty("java.home"));
        out.put(
                self,
                new Jdk(
                        "jdk" + Runtime.version().feature(),
                        self,
                        Runtime.version().feature(),
                        true));
        List<Path> extra = new ArrayList<>();
        extra.add(TEMURIN_25);
        String env = System.getenv("WRSS_TEST_JDKS");
        if (env != null) {
            for (String p : env.split(":")) {
                if (!p.isBlank()) {
                    extra.add(Path.of(p.trim()));
                }
            }
        }
        for (Path home : extra) {
            if (!Files.isExecutable(home.resolve("bin/java"))) {
                out.putIfAbsent(home, new Jdk(home.getFileName().toString(), home, -1, false));
                continue;
            }
            int feature = feature(home);
            out.putIfAbsent(home, new Jdk("jdk" + feature, home, feature, true));
        }
        return new ArrayList<>(out.values());
    }

    public static Stream<Jdk> stream() {
        return all().stream();
    }

    /** The JDK's feature version from its release file. */
    static int feature(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    return Integer.parseInt(v.split("[.+-]")[0]);
                }
            }
        } catch (Exception e) {
            // fall through
        }
        return -1;
    }
}
