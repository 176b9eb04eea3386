package dev.wrss.agent.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An Apache Kafka broker in KRaft mode (broker and controller in one JVM) on 127.0.0.1, its jars resolved
 * from Maven Central, its storage formatted by the broker's own StorageTool. Load: a second JVM produces
 * {@value #PRODUCE_MIB} MiB with the producer API and waits for every acknowledgement.
 */
final class KafkaServer extends RealServer {

    static final String BROKER = "org.apache.kafka:kafka_2.13:4.1.1";
    static final int PRODUCE_MIB = 256;

    private List<Path> jars;
    private Path javaHome;
    private int port;

    KafkaServer(Path work) {
        super(work);
    }

    @Override
    String name() {
        return "Kafka 4.1.1";
    }

    @Override
    void fetch(Path cache) throws Exception {
        jars = MavenArtifacts.classpath(BROKER, cache);
    }

    @Override
    void start(Path javaHome, List<String> jvmOptions) throws Exception {
        this.javaHome = javaHome;
        port = freePort();
        int controller = freePort();
        Path props = work.resolve("server.properties");
        Files.writeString(
                props,
                String.join(
                        "\n",
                        "process.roles=broker,controller",
                        "node.id=1",
                        "controller.quorum.voters=1@127.0.0.1:" + controller,
                        "listeners=PLAINTEXT://127.0.0.1:"
                                + port
                                + ",CONTROLLER://127.0.0.1:"
                                + controller,
                        "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                        "controller.listener.names=CONTROLLER",
                        "inter.broker.listener.name=PLAINTEXT",
                        "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                        "log.dirs=" + work.resolve("data"),
                        "num.partitions=1",
                        "offsets.topic.replication.factor=1",
                        "transaction.state.log.replication.factor=1",
                        "transaction.state.log.min.isr=1",
                        "share.coordinator.state.topic.replication.factor=1",
                        "share.coordinator.state.topic.min.isr=1",
                        ""));
        byte[] id = new byte[16];
        UUID u = UUID.randomUUID();
        java.nio.ByteBuffer.wrap(id)
                .putLong(u.getMostSignificantBits())
                .putLong(u.getLeastSignificantBits());
        id[0] &= 0x7f; // a first character of '-' would read as an option to the storage tool
        String clusterId = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
        String java = javaHome.resolve("bin/java").toString();
        runToEnd(
                List.of(
                        java,
                        "-cp",
                        classpath(jars),
                        "kafka.tools.StorageTool",
                        "format",
                        "-t",
                        clusterId,
                        "-c",
                        props.toString()),
                "format.log",
                120);
        List<String> cmd = new ArrayList<>(List.of(java, "-Xms512m", "-Xmx512m"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", classpath(jars), "kafka.Kafka", props.toString()));
        process = launch(cmd, Map.of(), "kafka.log");
        awaitPort(port);
    }

    @Override
    String load() throws Exception {
        String out =
                runToEnd(
                        List.of(
                                javaHome.resolve("bin/java").toString(),
                                "-Xmx256m",
                                "-cp",
                                classpath(jars),
                                source("KafkaLoad.java").toString(),
                                "127.0.0.1:" + port,
                                "wrss-load",
                                Integer.toString(PRODUCE_MIB)),
                        "load.log",
                        300);
        String line =
                out.lines()
                        .filter(l -> l.startsWith("ACKED "))
                        .findFirst()
                        .orElseThrow(
                                () -> new AssertionError("the producer did not report:\n" + out));
        long acked = Long.parseLong(line.split(" ")[1]);
        if (acked < (long) PRODUCE_MIB << 20) {
            throw new AssertionError("the broker acknowledged only " + acked + " bytes");
        }
        return "the broker acknowledged " + (acked >> 20) + " MiB to a producer";
    }
}
