package dev.wrss.bench;

import dev.wrss.agent.layout.JvmFacts;
import dev.wrss.agent.layout.LayoutProbe;
import dev.wrss.agent.proc.KernelPageSize;
import dev.wrss.agent.proc.SmapsReader;
import dev.wrss.agent.scan.FootprintScanner;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Java-side overhead as a JMH score: each operation is one round of three raw reads of /proc/self/smaps
 * (asking 64 KiB a read, asking a page less 768, and as the scan reads it) and a full scan of it (read, parse,
 * classify, aggregate, publish), in rotated order, each timed in this thread's CPU time, which the rest of the
 * box's load does not inflate. Run with {@code -prof dev.wrss.bench.CpuRatioProfiler}: its secondary results
 * ({@code scanPerRaw}, {@code scanPerSameRaw}...) are each iteration's ratios of these CPU times, averaged by JMH
 * over the iterations with a confidence interval like any score.
 * Subclasses pick the shape, as for {@link ScanBench}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 4)
@Measurement(iterations = 10, time = 4)
public abstract class ScanRatio {

    /** small, threads2000, files10000 or heap4g: see {@link Shapes}. */
    abstract String shape();

    private final ThreadMXBean threadCpu = ManagementFactory.getThreadMXBean();
    private final ByteBuffer rawBuf = ByteBuffer.allocate(64 * 1024);
    private Shapes shapes;
    private FileChannel raw;

    /** Another open smaps, widened as the scan's own is, and what to ask of each of its reads. */
    private FileChannel same;

    private int sameRead;
    private FootprintScanner scanner;
    private long id;

    /** The scan's read size: a little less than a page (KernelPageSize.seqFileReadBytes). */
    private final int pageRead =
            KernelPageSize.seqFileReadBytes(KernelPageSize.read(Path.of("/proc")));

    /**
     * CPU time since the iteration began of the raw reads (64 KiB asked per read), of the raw reads asking a
     * little less than a page, of the raw reads made as the scan makes them, and of the scans; one benchmark
     * thread writes them.
     */
    static volatile long rawNanos;

    static volatile long pageRawNanos;
    static volatile long sameRawNanos;
    static volatile long scanNanos;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        shapes = Shapes.create(shape());
        raw = FileChannel.open(Path.of("/proc/self/smaps"), StandardOpenOption.READ);
        same = FileChannel.open(Path.of("/proc/self/smaps"), StandardOpenOption.READ);
        sameRead = KernelPageSize.seqFileReadBytes(KernelPageSize.read(Path.of("/proc")));
        scanner =
                new FootprintScanner(
                        new SmapsReader(Path.of("/proc"), "self"),
                        new LayoutProbe(
                                JvmFacts.over(ManagementFactory.getPlatformMBeanServer()),
                                ProcessHandle.current().pid(),
                                Path.of("/proc")),
                        50,
                        20);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        raw.close();
        same.close();
        shapes.close();
    }

    /**
     * One raw read of each kind and one scan, the order rotated every round so that none always follows the
     * same one.
     */
    @Benchmark
    public Object pairedRound() throws IOException {
        Object snapshot = null;
        int first = (int) (++id % 4);
        for (int k = 0; k < 4; k++) {
            long a = threadCpu.getCurrentThreadCpuTime();
            switch ((first + k) % 4) {
                case 0:
                    rawRead(raw, rawBuf.capacity());
                    rawNanos += threadCpu.getCurrentThreadCpuTime() - a;
                    break;
                case 1:
                    rawRead(raw, pageRead);
                    pageRawNanos += threadCpu.getCurrentThreadCpuTime() - a;
                    break;
                case 2:
                    rawRead(same, sameRead);
                    sameRawNanos += threadCpu.getCurrentThreadCpuTime() - a;
                    break;
                default:
                    snapshot = scanner.scan(id);
                    scanNanos += threadCpu.getCurrentThreadCpuTime() - a;
                    break;
            }
        }
        return snapshot;
    }

    /** The kernel's cost, as in {@link ScanBench#rawRead}: the same file, kept open and rewound, read to its end. */
    private void rawRead(FileChannel file, int bytesPerRead) throws IOException {
        file.position(0);
        while (file.read(rawBuf.clear().limit(bytesPerRead)) > 0) {
            // the text is the kernel's cost; nothing is done with it
        }
    }
}
