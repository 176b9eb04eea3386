package dev.wrss.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tally of the fault-isolation tests: faults injected into the agent's world, and application failures
 * seen (the host stopped answering, or exited with a status that was not its own). Failures also fail the
 * test at hand; the tally is printed so a run shows how much was tried, not only that nothing broke.
 */
public final class FaultLedger {

    private static final AtomicInteger FAULTS = new AtomicInteger();
    private static final AtomicInteger FAILURES = new AtomicInteger();

    private FaultLedger() {}

    public static void injected(int faults) {
        FAULTS.addAndGet(faults);
    }

    /** The application still answers a command. */
    public static void assertAlive(ChildJvm child) {
        try {
            child.send("ping", 60);
        } catch (AssertionError e) {
            FAILURES.incrementAndGet();
            throw e;
        }
    }

    /** The application ended, with its own exit status. */
    public static void assertExitedWith(ChildJvm child, int status) throws InterruptedException {
        boolean ended = child.process().waitFor(60, TimeUnit.SECONDS);
        if (!ended || child.process().exitValue() != status) {
            FAILURES.incrementAndGet();
        }
        assertTrue(ended, "the application did not end; stderr:\n" + child.stderr());
        assertEquals(
                status, child.process().exitValue(), "exit status; stderr:\n" + child.stderr());
    }

    /**
     * At most one {@code [wrss]} line per distinct problem: lines that differ only in numbers (scan ids,
     * counts) are the same problem, and these tests run well under a minute per child.
     */
    public static void assertOneLinePerProblem(String stderr) {
        Map<String, Integer> seen = new HashMap<>();
        stderr.lines()
                .filter(l -> l.startsWith("[wrss]"))
                .forEach(l -> seen.merge(l.replaceAll("[0-9]+", "#"), 1, Integer::sum));
        seen.forEach(
                (line, n) ->
                        assertEquals(
                                1, n, "logged " + n + " times: " + line + "\nstderr:\n" + stderr));
    }

    public static String tally() {
        return "faults injected: " + FAULTS.get() + ", application failures: " + FAILURES.get();
    }
}
