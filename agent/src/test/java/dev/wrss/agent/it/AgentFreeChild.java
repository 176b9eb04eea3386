package dev.wrss.agent.it;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link ChildJvm} whose class path holds the test classes only, not target/classes: an agent loaded into it
 * later runs from the jar, as in production, and publishes the jar's version. (On the full test class path
 * the system class loader would find {@code dev.wrss.agent.Agent} in target/classes first.)
 */
final class AgentFreeChild {

    private AgentFreeChild() {
    }

    /**
     * Starts {@link ChildApp} with {@code jvmArgs}. The launcher takes the first -cp and main class it meets,
     * so what {@link ChildJvm#start} appends after them arrives as ChildApp's arguments, which it ignores.
     */
    static ChildJvm start(Path javaHome, List<String> jvmArgs) throws IOException {
        List<String> args = new ArrayList<>(jvmArgs);
        args.add("-cp");
        args.add(testClasses().toString());
        args.add(ChildApp.class.getName());
        return ChildJvm.start(javaHome, args);
    }

    static Path testClasses() {
        try {
            return Path.of(ChildApp.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
