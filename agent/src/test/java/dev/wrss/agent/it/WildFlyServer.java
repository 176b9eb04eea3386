package dev.wrss.agent.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * WildFly from its distribution zip, started by {@code bin/standalone.sh} bound to 127.0.0.1 with a port
 * offset, the agent in {@code MODULE_OPTS} (after JBoss Modules took over logging), the other options in
 * {@code JAVA_OPTS}; a base directory of its own per run. Load: HTTP requests to the welcome content.
 */
final class WildFlyServer extends RealServer {

    static final String DIST = "org.wildfly:wildfly-dist:37.0.1.Final:zip";
    private static final int HTTP_PORT = 8080;
    private static final int REQUESTS = 500;

    private Path home;
    private int offset;

    WildFlyServer(Path work) {
        super(work);
    }

    @Override
    String name() {
        return "WildFly 37.0.1";
    }

    @Override
    void fetch(Path cache) throws Exception {
        Path zip = MavenArtifacts.file(DIST, cache);
        Path unpacked = cache.resolve("wildfly-37.0.1.Final");
        if (!Files.exists(unpacked.resolve(".complete"))) {
            unzip(zip, unpacked);
            Files.writeString(unpacked.resolve(".complete"), DIST);
        }
        try (Stream<Path> s = Files.list(unpacked)) {
            home = s.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }

    @Override
    void start(Path javaHome, List<String> jvmOptions) throws Exception {
        Path base = work.resolve("standalone");
        copyTree(home.resolve("standalone"), base);
        offset = freeOffset();
        List<String> javaOpts =
                new ArrayList<>(List.of("-Xms64m", "-Xmx512m", "-Djava.net.preferIPv4Stack=true"));
        String agent = null;
        for (String o : jvmOptions) {
            if (o.startsWith("-javaagent:")) {
                agent = o;
            } else {
                javaOpts.add(o);
            }
        }
        process =
                launch(
                        List.of(
                                home.resolve("bin/standalone.sh").toString(),
                                "-b",
                                "127.0.0.1",
                                "-bmanagement",
                                "127.0.0.1",
                                "-Djboss.socket.binding.port-offset=" + offset,
                                "-Djboss.server.base.dir=" + base),
                        Map.of(
                                "JAVA_HOME",
                                javaHome.toString(),
                                "JAVA",
                                javaHome.resolve("bin/java").toString(),
                                "JAVA_OPTS",
                                String.join(" ", javaOpts),
                                "MODULE_OPTS",
                                agent == null ? "" : agent,
                                "JBOSS_HOME",
                                home.toString()),
                        "wildfly.log");
        awaitLog("WFLYSRV0025");
    }

    @Override
    String load() throws Exception {
        URL url = new URL("http://127.0.0.1:" + (HTTP_PORT + offset) + "/");
        long bytes = 0;
        for (int i = 0; i < REQUESTS; i++) {
            HttpURLConnection c = (HttpURLConnection) url.openConnection();
            try (InputStream in = c.getInputStream()) {
                if (c.getResponseCode() != 200) {
                    throw new AssertionError("WildFly answered " + c.getResponseCode());
                }
                bytes += in.readAllBytes().length;
            }
        }
        return REQUESTS + " HTTP 200 answers, " + bytes + " bytes";
    }

    /** A port offset under which every port of the standard socket bindings (8080-9993) is free. */
    private static int freeOffset() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int candidate = 10_000 + (int) (Math.random() * 40_000);
            boolean free = true;
            for (int port : new int[] {8080, 8443, 9990, 9993, 8009, 4712, 4713}) {
                try (java.net.ServerSocket s =
                        new java.net.ServerSocket(
                                port + candidate, 1, java.net.InetAddress.getLoopbackAddress())) {
                    s.getLocalPort();
                } catch (IOException e) {
                    free = false;
                    break;
                }
            }
            if (free) {
                return candidate;
            }
        }
        throw new IOException("no free port offset for WildFly");
    }

    private static void unzip(Path zip, Path to) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                Path out = to.resolve(e.getName()).normalize();
                if (!out.startsWith(to)) {
                    throw new IOException("zip entry outside its directory: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                    if (e.getName().endsWith(".sh")) {
                        out.toFile().setExecutable(true);
                    }
                }
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.sorted(Comparator.naturalOrder()).toList()) {
                Path out = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(out);
                } else {
                    Files.copy(p, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
