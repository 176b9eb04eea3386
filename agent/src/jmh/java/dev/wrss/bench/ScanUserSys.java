package dev.wrss.bench;

import dev.wrss.agent.layout.JvmFacts;
import dev.wrss.agent.layout.LayoutProbe;
import dev.wrss.agent.proc.KernelPageSize;
import dev.wrss.agent.proc.KernelTextFile;
import dev.wrss.agent.proc.SmapsReader;
import dev.wrss.agent.scan.FootprintScanner;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Whether the scan's cost over the raw read is its own code or a dearer kernel: full scans and raw reads of
 * /proc/self/smaps made as the scan makes them (widened, the same size asked), in blocks of ~0.5 s taken in turn,
 * each block timed in the thread's CPU time and split into user and system time by the thread's {@code utime}
 * and {@code stime} (/proc/thread-self/stat). Those two are sampled at the scheduler tick and scaled so that
 * they add up to the exact CPU time. If the scans' system time equals the reads', the kernel does not work
 * harder for the scan's sake, and what is left is the Java side, in user time. 10 s of warm-up (which also sizes
 * the blocks), then {@code seconds} of measured blocks.
 * <pre>
 * java -Xms256m -Xmx256m -cp agent/target/wrss-jmh.jar dev.wrss.bench.ScanUserSys files10000 90
 * </pre>
 */
public final class ScanUserSys {

    private static final int UTIME_FIELD = 14;
    private static final int STIME_FIELD = 15;

    private final KernelTextFile stat = new KernelTextFile(Path.of("/proc/thread-self/stat"), 512);
    private long utime;
    private long stime;

    public static void main(String[] args) throws Exception {
        String shape = args[0];
        long seconds = Long.parseLong(args[1]);
        new ScanUserSys().run(shape, seconds);
    }

    private void run(String shape, long seconds) throws Exception {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        try (Shapes ignored = Shapes.create(shape);
                KernelTextFile ignoredStat = stat;
                FileChannel same =
                        FileChannel.open(Path.of("/proc/self/smaps"), StandardOpenOption.READ)) {
            int sameRead = KernelPageSize.seqFileReadBytes(KernelPageSize.read(Path.of("/proc")));
            ByteBuffer buf =
                    ByteBuffer.allocate(sameRead); // each read asks what the scan's reads ask
            SmapsReader reader = new SmapsReader(Path.of("/proc"), "self");
            FootprintScanner scanner =
                    new FootprintScanner(
                            reader,
                            new LayoutProbe(
                                    JvmFacts.over(ManagementFactory.getPlatformMBeanServer()),
                                    ProcessHandle.current().pid(),
                                    Path.of("/proc")),
                            50,
                            20);
            // blocks of operations, not single ones: the kernel reports utime and stime scaled to
            // the exact CPU
            // time and never lets either go back, so a tick's worth of time (4-10 ms) can be booked
            // to whatever
            // runs next; blocks of ~0.5 s keep that under a percent of a block
            long blockNanos = 500_000_000L;
            int perBlock = 1;
            long[] nanos = new long[2];
            long[] user = new long[2];
            long[] sys = new long[2];
            long[] ops = new long[2];
            long warmUpEnd = System.nanoTime() + 10_000_000_000L;
            long end = warmUpEnd + seconds * 1_000_000_000L;
            boolean measuring = false;
            for (long block = 0; System.nanoTime() < end; block++) {
                if (!measuring && System.nanoTime() >= warmUpEnd) {
                    measuring = true;
                    nanos = new long[2];
                    user = new long[2];
                    sys = new long[2];
                    ops = new long[2];
                }
                // 0: raw reads, 1: scans; a raw block and a scan block in turn, which goes first
                // alternating
                int which = (int) ((block + (block >> 1)) & 1);
                readStat();
                long u0 = utime;
                long s0 = stime;
                long a = cpu.getCurrentThreadCpuTime();
                for (int i = 0; i < perBlock; i++) {
                    if (which == 0) {
                        ScanCpuRatio.rawRead(same, buf);
                    } else {
                        scanner.scan(block * perBlock + i);
                    }
                }
                long took = cpu.getCurrentThreadCpuTime() - a;
                readStat();
                nanos[which] += took;
                user[which] += utime - u0;
                sys[which] += stime - s0;
                ops[which] += perBlock;
                if (!measuring && which == 0) {
                    perBlock =
                            (int)
                                    Math.max(
                                            1,
                                            Math.min(
                                                    100_000,
                                                    blockNanos * perBlock / Math.max(1, took)));
                }
            }
            System.out.printf(
                    "%s, %d mappings, %d raw reads and %d scans in blocks of %d, java %s%n",
                    shape,
                    reader.mappings(),
                    ops[0],
                    ops[1],
                    perBlock,
                    System.getProperty("java.version"));
            String[] names = {"raw read", "scan"};
            double[] userUs = new double[2];
            double[] sysUs = new double[2];
            for (int w = 0; w < 2; w++) {
                double perOp = nanos[w] / 1e3 / ops[w];
                double userShare = (double) user[w] / (user[w] + sys[w]);
                userUs[w] = perOp * userShare;
                sysUs[w] = perOp * (1 - userShare);
                System.out.printf(
                        "  %-8s CPU %9.1f us  user %8.1f us  system %9.1f us  (%d / %d ticks)%n",
                        names[w], perOp, userUs[w], sysUs[w], user[w], sys[w]);
            }
            double rawCpu = nanos[0] / 1e3 / ops[0];
            System.out.printf(
                    "  scan / raw read: CPU %.4f, system %.4f; scan's user time over the read's, per raw"
                            + " read %.4f, per mapping %.0f ns%n",
                    (nanos[1] / (double) ops[1]) / (nanos[0] / (double) ops[0]),
                    sysUs[1] / sysUs[0],
                    (userUs[1] - userUs[0]) / rawCpu,
                    (userUs[1] - userUs[0]) * 1e3 / reader.mappings());
        }
    }

    /** The thread's utime and stime, in clock ticks. */
    private void readStat() {
        int n = stat.read();
        utime = KernelTextFile.statField(stat.bytes(), n, UTIME_FIELD);
        stime = KernelTextFile.statField(stat.bytes(), n, STIME_FIELD);
        if (utime < 0 || stime < 0) {
            throw new IllegalStateException("no utime or stime in /proc/thread-self/stat");
        }
    }
}
