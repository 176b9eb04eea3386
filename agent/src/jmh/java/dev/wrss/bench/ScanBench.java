package dev.wrss.bench;

import dev.wrss.agent.host.HostProbe;
import dev.wrss.agent.host.SystemMemoryReader;
import dev.wrss.agent.layout.JvmFacts;
import dev.wrss.agent.layout.LayoutProbe;
import dev.wrss.agent.pagemap.PagemapReader;
import dev.wrss.agent.proc.MappingSource;
import dev.wrss.agent.proc.SmapsReader;
import dev.wrss.agent.proc.StatmReader;
import dev.wrss.agent.scan.FootprintScanner;
import io.github.mweirauch.micrometer.jvm.extras.procfs.ProcfsSmaps;
import io.github.mweirauch.micrometer.jvm.extras.procfs.ProcfsStatus;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Constructor;
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
 * One scan of this JVM's own smaps against the raw read of the same file, side by side, per process shape;
 * with the peers that read the same file or the cheap counters. The ratio scan / rawRead is the Java-side
 * overhead. Subclasses pick the shape: {@link ScanBenchmark} by parameter, {@link Heap4gScanBenchmark} by
 * its fork's heap flags.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public abstract class ScanBench {

    /** small, threads2000, files10000 or heap4g: see {@link Shapes}. */
    abstract String shape();

    private Shapes shapes;
    private FileChannel raw;
    private final ByteBuffer rawBuf = ByteBuffer.allocate(64 * 1024);
    private FootprintScanner scanner;
    private FootprintScanner pagemapScanner;
    private FootprintScanner hostScanner;
    private SmapsReader smaps;
    private StatmReader statm;
    private SystemMemoryReader systemMemory;
    private Constructor<ProcfsStatus> procfsStatus;
    private long id;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        shapes = Shapes.create(shape());
        raw = FileChannel.open(Path.of("/proc/self/smaps"), StandardOpenOption.READ);
        scanner = scanner(new SmapsReader(Path.of("/proc"), "self"));
        scanner.scan(0); // loads the layout that stagesOnly classifies against
        smaps = new SmapsReader(Path.of("/proc"), "self");
        pagemapScanner = scanner(new PagemapReader(Path.of("/proc"), "self"));
        hostScanner =
                new FootprintScanner(
                        new SmapsReader(Path.of("/proc"), "self"),
                        new LayoutProbe(
                                JvmFacts.over(ManagementFactory.getPlatformMBeanServer()),
                                ProcessHandle.current().pid(),
                                Path.of("/proc")),
                        50,
                        20,
                        new HostProbe(
                                Path.of("/proc"),
                                Path.of("/sys"),
                                ProcessHandle.current().pid(),
                                60_000));
        statm = new StatmReader(Path.of("/proc"), "self", 4096);
        systemMemory =
                new SystemMemoryReader(
                        Path.of("/proc"),
                        Path.of("/sys/fs/cgroup"),
                        Long.toString(ProcessHandle.current().pid()));
        procfsStatus = ProcfsStatus.class.getDeclaredConstructor();
        procfsStatus.setAccessible(true); // package-private; getInstance() caches for a second
    }

    private static FootprintScanner scanner(MappingSource source) {
        LayoutProbe probe =
                new LayoutProbe(
                        JvmFacts.over(ManagementFactory.getPlatformMBeanServer()),
                        ProcessHandle.current().pid(),
                        Path.of("/proc"));
        return new FootprintScanner(source, probe, 50, 20);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        raw.close();
        statm.close();
        systemMemory.close();
        shapes.close();
    }

    /** The kernel's cost: the same file, kept open and rewound, read to its end into a buffer. */
    @Benchmark
    public long rawRead() throws IOException {
        raw.position(0);
        long total = 0;
        int n;
        while ((n = raw.read(rawBuf.clear())) > 0) {
            total += n;
        }
        return total;
    }

    /** Read, parse, classify, aggregate and publish: what the agent does per walk. */
    @Benchmark
    public Object scan() throws IOException {
        return scanner.scan(++id);
    }

    /** As the agent scans: with the cgroup/system view and the per-node split (HostProbe). */
    @Benchmark
    public Object scanWithHost() throws IOException {
        return hostScanner.scan(++id);
    }

    /** The same without building the snapshot, to price publication apart. */
    @Benchmark
    public void scanWithoutPublishing() throws IOException {
        scanner.passWithoutPublishing();
    }

    /**
     * Our own stages only (read, parse, classify, aggregate) on the layout of the last pass: no layout refresh
     * and no publication, both of which call the JVM over JMX.
     */
    @Benchmark
    public void stagesOnly() throws IOException {
        smaps.read(scanner);
    }

    /** The pagemap mode: maps plus pagemap (plus kpagecount for shared pages when root). */
    @Benchmark
    public Object scanPagemap() throws IOException {
        return pagemapScanner.scan(++id);
    }

    /** micrometer-jvm-extras 0.2.2: regex per line, boxed doubles; a new instance defeats its 1 s cache. */
    @Benchmark
    public Double peerProcfsSmaps() {
        return new ProcfsSmaps().get(ProcfsSmaps.KEY.PSS);
    }

    /** Our tripwire: statm's resident pages, pread at 0 on a kept-open file. */
    @Benchmark
    public long statm() {
        return statm.residentBytes();
    }

    /** ProcessMemoryMetrics' way: read and regex-parse /proc/self/status. */
    @Benchmark
    public Double peerProcfsStatus() throws ReflectiveOperationException {
        return procfsStatus.newInstance().get(ProcfsStatus.KEY.RSS);
    }

    /**
     * One re-read of the cgroup and system view, as HostProbe does at most every 2 s: scanWithHost amortises
     * it over the scans in between, this prices it alone.
     */
    @Benchmark
    public boolean systemReread() {
        return systemMemory.refresh();
    }
}
