package dev.wrss.agent.it;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A Netty echo server (the test tree's {@code realserver/NettyEcho.java}, run by the JDK's source launcher
 * against Netty's jars from Maven Central) with the pooled direct allocator. Load: {@value #CONNECTIONS}
 * loopback connections each send {@value #MIB_PER_CONNECTION} MiB and read every byte back.
 */
final class NettyServer extends RealServer {

    static final String NETTY = "io.netty:netty-all:4.1.118.Final";
    private static final int CONNECTIONS = 8;
    private static final int MIB_PER_CONNECTION = 32;

    private List<Path> jars;
    private int port;

    NettyServer(Path work) {
        super(work);
    }

    @Override
    String name() {
        return "Netty 4.1.118";
    }

    @Override
    void fetch(Path cache) throws Exception {
        jars = MavenArtifacts.classpath(NETTY, cache);
    }

    @Override
    void start(Path javaHome, List<String> jvmOptions) throws Exception {
        port = freePort();
        List<String> cmd =
                new ArrayList<>(List.of(javaHome.resolve("bin/java").toString(), "-Xmx256m"));
        cmd.addAll(jvmOptions);
        cmd.addAll(
                List.of(
                        "-cp",
                        classpath(jars),
                        source("NettyEcho.java").toString(),
                        Integer.toString(port)));
        process = launch(cmd, Map.of(), "netty.log");
        awaitPort(port);
    }

    @Override
    String load() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2 * CONNECTIONS);
        try {
            List<Future<Long>> echoed = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                Socket s = new Socket("127.0.0.1", port);
                long total = (long) MIB_PER_CONNECTION << 20;
                pool.submit(
                        () -> {
                            byte[] chunk = new byte[64 << 10];
                            // not closed here: the reader closes the socket once every byte came
                            // back
                            OutputStream out = s.getOutputStream();
                            for (long sent = 0; sent < total; sent += chunk.length) {
                                out.write(chunk);
                            }
                            return null;
                        });
                echoed.add(
                        pool.submit(
                                () -> {
                                    byte[] buf = new byte[64 << 10];
                                    long got = 0;
                                    try (s;
                                            InputStream in = s.getInputStream()) {
                                        for (int n; got < total && (n = in.read(buf)) > 0; ) {
                                            got += n;
                                        }
                                    }
                                    return got;
                                }));
            }
            long sum = 0;
            for (Future<Long> f : echoed) {
                sum += f.get();
            }
            if (sum != (long) CONNECTIONS * MIB_PER_CONNECTION << 20) {
                throw new AssertionError(
                        "echoed "
                                + sum
                                + " bytes, not "
                                + ((long) CONNECTIONS * MIB_PER_CONNECTION << 20)
                                + "; log:\n"
                                + logTail());
            }
            return CONNECTIONS + " connections echoed " + (sum >> 20) + " MiB";
        } finally {
            pool.shutdownNow();
        }
    }
}
