package dev.wrss.agent.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every resident byte in the right region, proven against the JVM's own NMT: per JDK, one child per
 * collector and per unusual layout runs the workload, then wrss's mappings() are joined with System.map
 * (JDK 22+) or the NMT detail virtual memory map (JDK 17) by address. Prints one table per child and fails
 * below {@value #MIN_AGREEMENT_PERCENT}% agreement or when an independent fact does not hold.
 */
class FidelityIT {

    static final double MIN_AGREEMENT_PERCENT = 99.5;
    static final double MIN_STACKS_PERCENT = 99.0;
    static final double MAX_OTHER_PERCENT = 1.0;
    static final int MAPPED_FILE_MIB = 16;

    @ParameterizedTest
    @MethodSource("dev.wrss.agent.it.Jdks#stream")
    void everyResidentByteIsInTheRegionNmtSays(Jdks.Jdk jdk, @TempDir Path dir) throws Exception {
        jdk.assumeInstalled();
        List<String> failures = new ArrayList<>();
        StringBuilder summary = new StringBuilder();
        for (FidelityRun.Config config :
                FidelityRun.configs(System.getProperty("wrss.fidelity.only", ""))) {
            FidelityRun run = new FidelityRun(jdk, config, dir);
            List<String> problems = run.measure();
            summary.append(run.summaryLine()).append('\n');
            for (String p : problems) {
                failures.add(jdk + " " + config.name() + ": " + p);
            }
        }
        System.out.println("\n== " + jdk + " summary\n" + summary);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }
}
