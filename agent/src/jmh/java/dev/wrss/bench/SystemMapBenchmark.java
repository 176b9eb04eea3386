package dev.wrss.bench;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JDK's own per-mapping view, a peer of a scan: the System.map diagnostic command (JDK 22+, Linux),
 * which walks smaps in the VM and prints one line per mapping with NMT's annotation. Needs a JDK 25 JVM:
 * {@code java -jar wrss-jmh.jar SystemMap -jvm /usr/lib/jvm/temurin-25-jdk-amd64/bin/java}.
 * Compare with {@code ScanBenchmark.scan} (shape small) of the same run's JVM flags.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgs = {"-Xms256m", "-Xmx256m", "-XX:NativeMemoryTracking=summary"})
public class SystemMapBenchmark extends ScanBench {

    private MBeanServer server;
    private ObjectName dcmd;

    @Override
    String shape() {
        return "small";
    }

    @Setup
    public void dcmd() throws Exception {
        server = ManagementFactory.getPlatformMBeanServer();
        dcmd = new ObjectName("com.sun.management:type=DiagnosticCommand");
    }

    @Benchmark
    public Object systemMap() throws Exception {
        return server.invoke(
                dcmd,
                "systemMap",
                new Object[] {new String[0]},
                new String[] {String[].class.getName()});
    }
}
