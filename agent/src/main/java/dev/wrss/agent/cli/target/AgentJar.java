package dev.wrss.agent.cli.target;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/** The jar this command runs from, which is also the agent it loads, and its Implementation-Version. */
public final class AgentJar {

    private final Path path;
    private final String version;

    private AgentJar(Path path, String version) {
        this.path = path;
        this.version = version;
    }

    /** The jar the command line was loaded from; fails with a usage hint when the classes were not in a jar. */
    public static AgentJar locate() {
        Path p = codeSource();
        if (p == null || !Files.isRegularFile(p)) {
            throw new CommandFailure(
                    ExitCode.FAILURE,
                    "attach needs the agent jar, but wrss runs from "
                            + p
                            + "; run it as 'java -jar wrss-agent.jar attach <pid>'");
        }
        try (JarFile jar = new JarFile(p.toFile())) {
            Manifest m = jar.getManifest();
            String v = m == null ? null : m.getMainAttributes().getValue("Implementation-Version");
            if (m == null || m.getMainAttributes().getValue("Agent-Class") == null) {
                throw new CommandFailure(
                        ExitCode.FAILURE,
                        p
                                + " has no Agent-Class in its manifest; "
                                + "run wrss from the built wrss-agent.jar");
            }
            return new AgentJar(p, v == null ? "unknown" : v);
        } catch (IOException e) {
            throw AttachSession.failure("cannot read " + p, e);
        }
    }

    /** This command's version, which is also the version the agent it loads publishes. */
    public static String ownVersion() {
        return dev.wrss.agent.Agent.version();
    }

    private static Path codeSource() {
        try {
            CodeSource cs = AgentJar.class.getProtectionDomain().getCodeSource();
            return cs == null ? null : Path.of(cs.getLocation().toURI()).toAbsolutePath();
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    public File file() {
        return path.toFile();
    }

    Path path() {
        return path;
    }

    public String version() {
        return version;
    }
}
