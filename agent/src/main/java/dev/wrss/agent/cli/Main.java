package dev.wrss.agent.cli;

import dev.wrss.agent.cli.target.AgentJar;
import dev.wrss.agent.cli.target.CommandFailure;
import dev.wrss.agent.cli.target.Deadline;
import dev.wrss.agent.cli.target.ExitCode;
import dev.wrss.agent.cli.target.LoopbackRmi;
import dev.wrss.agent.cli.target.SerialFilter;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line: {@code java -jar wrss-agent.jar <command>}. Every failure ends as one line on stderr
 * and an exit code from {@link ExitCode}; a stack trace only with WRSS_DEBUG=1 in the environment.
 */
@Command(
        name = "wrss",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        subcommands = {
            AttachCommand.class,
            ReportCommand.class,
            PsCommand.class,
            PagesCommand.class,
            HistoryCommand.class,
            CommandLine.HelpCommand.class
        },
        description = "Weighted RSS of JVMs: memory by region, from /proc/<pid>/smaps.",
        footer = {
            "",
            "Exit codes: 0 ok, 1 runtime failure, 2 usage error, 3 no such process, "
                    + "4 not a JVM or it refuses attach, 5 permission denied, "
                    + "6 the target runs a wrss agent of another version, 7 the target did not answer within --timeout, "
                    + "8 the target handed out a JMX address or attach socket wrss does not trust."
        })
public final class Main implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        try {
            // before anything could deserialize or open an RMI socket: nothing from a target is
            // trusted
            SerialFilter.install();
            LoopbackRmi.install(Deadline.DEFAULT_MILLIS);
        } catch (IOException | RuntimeException e) {
            System.err.println("wrss: cannot secure this JVM for talking to targets: " + e);
            System.exit(ExitCode.FAILURE);
        }
        System.exit(
                run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line and answers its exit code; never throws, never exits. */
    static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler(
                (ex, a) -> {
                    CommandLine cmd = ex.getCommandLine();
                    err.println(
                            "wrss: "
                                    + ex.getMessage()
                                    + "; see '"
                                    + cmd.getCommandSpec().qualifiedName()
                                    + " --help'");
                    return ExitCode.USAGE;
                });
        cl.setExecutionExceptionHandler(
                (ex, cmd, parsed) -> {
                    if (ex instanceof CommandFailure f) {
                        err.println("wrss " + cmd.getCommandName() + ": " + f.getMessage());
                        return f.exitCode();
                    }
                    err.println(
                            "wrss "
                                    + cmd.getCommandName()
                                    + ": unexpected "
                                    + ex.getClass().getSimpleName()
                                    + (ex.getMessage() == null
                                            ? ""
                                            : ": " + CommandFailure.oneLine(ex.getMessage()))
                                    + " (set WRSS_DEBUG=1 for a stack trace)");
                    if ("1".equals(System.getenv("WRSS_DEBUG"))) {
                        ex.printStackTrace(err);
                    }
                    return ExitCode.FAILURE;
                });
        try {
            return cl.execute(args);
        } catch (RuntimeException | LinkageError e) {
            err.println("wrss: unexpected " + e);
            return ExitCode.FAILURE;
        }
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "no command given: use attach, report, ps, pages or history");
    }

    /** The jar's Implementation-Version, as {@code wrss --version} prints it. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"wrss " + AgentJar.ownVersion() + " on Java " + Runtime.version()};
        }
    }
}
