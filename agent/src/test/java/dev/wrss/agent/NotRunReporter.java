package dev.wrss.agent;

import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Makes every test that did not run visible in the build output: an aborted assumption (a missing JDK, no
 * setpriv, not root, one NUMA node) or a disabled test is printed as {@code NOT RUN} with its reason when it
 * happens, and all of them again in one block when the run ends. Surefire and failsafe only count them as
 * "Skipped". Registered through META-INF/services for the unit and the integration tests alike.
 */
public final class NotRunReporter implements TestExecutionListener {

    private final List<String> notRun =
            java.util.Collections.synchronizedList(
                    new ArrayList<>()); // concurrent tests report too

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        report(test, reason);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            report(test, result.getThrowable().map(Throwable::getMessage).orElse("aborted"));
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        if (!notRun.isEmpty()) {
            System.out.println("==== " + notRun.size() + " test(s) NOT RUN (not passed):");
            notRun.forEach(line -> System.out.println("====   " + line));
        }
    }

    private void report(TestIdentifier test, String reason) {
        int at = reason == null ? -1 : reason.indexOf("NOT RUN: ");
        String why = at >= 0 ? reason.substring(at + "NOT RUN: ".length()) : String.valueOf(reason);
        String line = test.getUniqueId() + ": " + why;
        notRun.add(line);
        System.out.println("NOT RUN: " + line);
    }
}
