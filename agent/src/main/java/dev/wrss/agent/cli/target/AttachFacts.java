package dev.wrss.agent.cli.target;

import dev.wrss.agent.layout.JvmFacts;
import java.io.IOException;
import java.util.Set;

/**
 * {@link JvmFacts} of a target JVM read over an {@link AttachSession}, as jcmd reads them: nothing of wrss is
 * loaded into the target. The MXBean-only facts (committed sizes, Java thread names) stay unknown.
 */
public final class AttachFacts implements JvmFacts {

    /** Every command the layout asks for: a full layout. */
    public static final Set<String> ALL =
            Set.of(
                    "GC.heap_info",
                    "Compiler.codecache",
                    "VM.metaspace",
                    "VM.info",
                    "Thread.print",
                    "VM.system_properties",
                    "VM.flags");

    /** Just the heap's address range: enough to split a process into heap and the rest. */
    public static final Set<String> HEAP_ONLY = Set.of("GC.heap_info");

    private final AttachSession session;
    private final Set<String> commands;
    private String problem;

    /**
     * @param commands the diagnostic commands to run; others answer null, so that a caller that needs only the
     *                 heap range (ps) runs one command instead of all
     */
    AttachFacts(AttachSession session, Set<String> commands) {
        this.session = session;
        this.commands = commands;
    }

    @Override
    public String command(String name, String... args) {
        if (!commands.contains(name)) {
            return null;
        }
        StringBuilder line = new StringBuilder(name);
        for (String arg : args) {
            line.append(' ').append(arg);
        }
        try {
            return session.jcmd(line.toString());
        } catch (IOException e) {
            note(name + " over attach failed: " + e.getMessage());
            return null;
        }
    }

    @Override
    public long vmOption(String name) {
        String value = flag(name);
        try {
            return value == null ? -1 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            note("VM option " + name + " is not a number: " + value);
            return -1;
        }
    }

    @Override
    public boolean vmFlag(String name) {
        return "true".equals(flag(name));
    }

    @Override
    public String problem() {
        return problem;
    }

    private String flag(String name) {
        if (!commands.contains("VM.flags")) { // the flags come with a full layout only
            return null;
        }
        try {
            return session.flagValue(name);
        } catch (IOException e) {
            note("VM option " + name + " over attach failed: " + e.getMessage());
            return null;
        }
    }

    private void note(String why) {
        if (problem == null) {
            problem = why;
        }
    }
}
