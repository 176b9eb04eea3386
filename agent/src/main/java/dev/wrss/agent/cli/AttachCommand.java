package dev.wrss.agent.cli;

import dev.wrss.agent.AgentOptions;
import dev.wrss.agent.cli.target.AgentClient;
import dev.wrss.agent.cli.target.AgentJar;
import dev.wrss.agent.cli.target.AttachSession;
import dev.wrss.agent.cli.target.CommandFailure;
import dev.wrss.agent.cli.target.Deadline;
import dev.wrss.agent.cli.target.ExitCode;
import dev.wrss.agent.cli.target.ProcessOwner;
import dev.wrss.agent.cli.target.TargetProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import javax.management.JMException;
import net.bytebuddy.agent.ByteBuddyAgent;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code wrss attach <pid> [options]}: loads this jar as the wrss agent into a running JVM. A target that
 * already runs the agent of the same version gets the new interval over JMX; one of another version is
 * left alone, with exit code 6, because its classes would shadow ours.
 */
@Command(
        name = "attach",
        mixinStandardHelpOptions = true,
        description =
                "Load the wrss agent into a running JVM; attaching again updates its interval. "
                        + "Leaves the agent and the JVM's local JMX agent running in the target.",
        footer = {
            "",
            "Agent options as for -javaagent, e.g. interval=5s,log=off,topThreads=100 (see the README). "
                    + "JDK 21+ targets print a warning about the dynamically loaded agent unless they run with "
                    + "-XX:+EnableDynamicAgentLoading."
        })
final class AttachCommand implements Callable<Integer> {

    /** How long the agent may take to register its MBeans after agentmain returns. */
    private static final long REGISTER_TIMEOUT_MILLIS = 15_000;

    @Parameters(index = "0", paramLabel = "<pid>", description = "process id of the target JVM")
    long pid;

    @Parameters(
            index = "1",
            arity = "0..1",
            paramLabel = "<agent-options>",
            description = "comma-separated agent options, e.g. interval=5s,log=off")
    String options = "";

    @CommandLine.Mixin TimeoutOption timeout = new TimeoutOption();

    PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        AgentOptions parsed = AgentOptions.parse(options);
        if (!parsed.problems().isEmpty()) {
            throw new CommandFailure(
                    ExitCode.USAGE,
                    "bad agent options '"
                            + options
                            + "': "
                            + String.join("; ", parsed.problems())
                            + "; see 'wrss attach --help'");
        }
        AgentJar jar = AgentJar.locate();
        Deadline deadline = timeout.forPid(pid);
        TargetProcess target = TargetProcess.check(pid, Path.of("/proc"), deadline);
        try (AttachSession session = AttachSession.open(target, deadline)) {
            if (target.otherUserAsRoot()) {
                return attachOnly(target, jar, deadline);
            }
            AgentClient agent = new AgentClient(pid, session.jmx());
            if (agent.present()) {
                return updateRunning(agent, jar, parsed);
            }
            load(jar, deadline);
            awaitRegistration(agent);
            out.println(
                    "wrss agent "
                            + jar.version()
                            + " loaded into pid "
                            + pid
                            + ": MBeans under wrss:*, interval "
                            + agent.intervalMillis()
                            + " ms");
            int feature = session.featureVersion();
            if (feature >= 21) {
                out.println(
                        "note: JDK "
                                + feature
                                + " prints a warning about the dynamically loaded agent on the "
                                + "target's stderr; start it with -XX:+EnableDynamicAgentLoading (or -javaagent) to avoid it");
            }
            return ExitCode.OK;
        } catch (IOException | JMException e) { // a reply refused by the filter ends here too
            throw AttachSession.failure("reading the wrss agent of pid " + pid + " over JMX", e);
        }
    }

    private int updateRunning(AgentClient agent, AgentJar jar, AgentOptions parsed)
            throws IOException, JMException {
        String theirs = agent.version();
        if (theirs != null && !theirs.equals(jar.version())) {
            throw new CommandFailure(
                    ExitCode.VERSION_MISMATCH,
                    "pid "
                            + pid
                            + " already runs wrss agent "
                            + theirs
                            + ", this is "
                            + jar.version()
                            + "; use the wrss-agent.jar of "
                            + theirs
                            + " for this JVM, or restart it to change versions");
        }
        boolean intervalGiven = false;
        boolean othersGiven = false;
        for (String item : options.split(",")) {
            String key = item.split("=", 2)[0].trim();
            intervalGiven |= key.equals("interval");
            othersGiven |= !key.isEmpty() && !key.equals("interval");
        }
        if (intervalGiven) {
            agent.setIntervalMillis(parsed.intervalMillis());
        }
        out.println(
                "wrss agent "
                        + (theirs == null ? "(version not published)" : theirs)
                        + " already running in pid "
                        + pid
                        + "; interval "
                        + (intervalGiven ? "now " : "still ")
                        + agent.intervalMillis()
                        + " ms"
                        + (othersGiven
                                ? "; options other than interval apply only when the agent first loads"
                                : ""));
        return ExitCode.OK;
    }

    /**
     * Root on another user's JVM: the agent is loaded over the attach channel, and nothing is read over JMX,
     * whose address and objects that JVM would choose.
     */
    private int attachOnly(TargetProcess target, AgentJar jar, Deadline deadline) {
        String owner = ProcessOwner.describe(target.ownerUid());
        if (deadline.get("reading /proc/" + pid + "/task", target::hasWrssAgent)) {
            out.println(
                    "pid "
                            + pid
                            + " already runs a wrss agent; changed nothing. As root, wrss reads no JMX of "
                            + "another user's JVM: run 'wrss attach "
                            + pid
                            + "' as "
                            + owner
                            + " to change its interval");
            return ExitCode.OK;
        }
        load(jar, deadline);
        out.println(
                "wrss agent "
                        + jar.version()
                        + " loaded into pid "
                        + pid
                        + " ("
                        + owner
                        + "). As root, wrss reads "
                        + "no JMX of another user's JVM: read it with 'java -jar wrss-agent.jar report "
                        + pid
                        + "' run as "
                        + "that user, or over JMX under wrss:*");
        return ExitCode.OK;
    }

    private void load(AgentJar jar, Deadline deadline) {
        try {
            deadline.call(
                    "loading the agent",
                    () -> {
                        ByteBuddyAgent.attach(jar.file(), Long.toString(pid), options);
                        return null;
                    });
        } catch (CommandFailure e) {
            throw e;
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new CommandFailure(
                    ExitCode.FAILURE,
                    "loading the agent into pid "
                            + pid
                            + " failed: "
                            + cause.getClass().getSimpleName()
                            + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        }
    }

    private void awaitRegistration(AgentClient agent) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + REGISTER_TIMEOUT_MILLIS * 1_000_000;
        while (!agent.present()) {
            if (System.nanoTime() > deadline) {
                throw new CommandFailure(
                        ExitCode.FAILURE,
                        "the agent loaded into pid "
                                + pid
                                + " but registered no "
                                + "MBeans within "
                                + REGISTER_TIMEOUT_MILLIS / 1000
                                + " s; see that JVM's stderr for [wrss]");
            }
            Thread.sleep(50);
        }
    }
}
