package dev.wrss.bench;

import dev.wrss.agent.proc.Mapping;
import dev.wrss.agent.proc.SmapsParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The parser alone, on text held in memory: this fork's own smaps, read once with the shape in place, parsed
 * again and again. Reports ns per operation; divide by the mappings it prints at setup for ns a mapping. The
 * kernel's part is absent, so this isolates what parser changes do (and what {@code -prof perfasm} looks at).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgs = {"-Xms256m", "-Xmx256m"})
public class ParseBenchmark {

    @Param({"small", "threads2000", "files10000"})
    public String shape;

    private byte[] text;
    private final SmapsParser parser = new SmapsParser();
    private Blackhole sinkHole;
    private final SmapsParser.Sink sink = this::mapping;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        try (Shapes ignored = Shapes.create(shape)) {
            text = Files.readAllBytes(Path.of("/proc/self/smaps"));
        }
        parser.parse(text, m -> {});
        System.out.printf("%n%s: %d mappings, %d bytes%n", shape, parser.mappings(), text.length);
    }

    private void mapping(Mapping m) {
        sinkHole.consume(m.start());
        sinkHole.consume(m.pssBytes());
    }

    @Benchmark
    public int parse(Blackhole bh) {
        sinkHole = bh;
        parser.parse(text, sink);
        return parser.mappings();
    }
}
