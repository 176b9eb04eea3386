package dev.wrss.agent.scan;

import dev.wrss.agent.aggregate.FileTotals;
import dev.wrss.agent.aggregate.RegionTotals;
import dev.wrss.agent.aggregate.ThreadTotals;
import dev.wrss.agent.classify.RegionClassifier;
import dev.wrss.agent.host.HostProbe;
import dev.wrss.agent.layout.JvmLayout;
import dev.wrss.agent.layout.LayoutProbe;
import dev.wrss.agent.nativeheap.NativeHeapProbe;
import dev.wrss.agent.proc.Mapping;
import dev.wrss.agent.proc.MappingSource;
import dev.wrss.agent.proc.SmapsParser;
import dev.wrss.mbeans.FootprintSnapshot;
import dev.wrss.mbeans.MappingRow;
import dev.wrss.mbeans.Region;
import dev.wrss.mbeans.RegionUsage;
import dev.wrss.mbeans.SystemView;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One whole scan of the pipeline for one process: read its smaps, classify each mapping against the JVM's
 * layout, aggregate, and build an immutable snapshot. The agent runs it on its own process; the command line
 * runs it on another JVM's, with the layout facts fetched over JMX. Not thread-safe: one scanning thread.
 *
 * <p>A scan allocates nothing once warm; publishing allocates the snapshot object, plus only those usage
 * records, arrays and top lists whose numbers changed since the previous snapshot.
 *
 * <p>It stays one class because it is the scan's sink: {@link #mapping} feeds the classifier and every total
 * once per mapping, and each stage it wires is already a class of its own.
 */
public final class FootprintScanner implements SmapsParser.Sink {

    private final MappingSource reader;
    private final LayoutProbe layoutProbe;
    private final int topThreads;
    private final int topFiles;
    private final RegionClassifier classifier = new RegionClassifier();
    private final RegionTotals regions = new RegionTotals();
    private final ThreadTotals threads = new ThreadTotals();
    private final FileTotals files = new FileTotals();
    private final long[] committed = new long[Region.count()];
    private final RegionUsage[] usages =
            new RegionUsage[Region.count()]; // the last published, reused when equal
    private FootprintSnapshot previous = FootprintSnapshot.unavailable("smaps", "none");
    private JvmLayout layout = JvmLayout.empty();
    private List<MappingRow> rows; // non-null only while mappings() runs

    /**
     * Test seam, read once: {@code -Dwrss.test.fault=classifier} makes every other scan throw from inside the
     * parse, as a classifier or parser bug would, so tests can prove such a fault never reaches the host.
     */
    private final boolean injectFault = "classifier".equals(System.getProperty("wrss.test.fault"));

    private long scans;

    private static final long[][] NO_NODES = new long[0][];
    private final HostProbe host;
    private final NativeHeapProbe nativeHeap;
    private final long[] rssByRegion = new long[Region.count()];

    public FootprintScanner(
            MappingSource reader, LayoutProbe layoutProbe, int topThreads, int topFiles) {
        this(reader, layoutProbe, topThreads, topFiles, null);
    }

    /** @param host the cgroup, system and NUMA facts to publish with each scan; null for none */
    public FootprintScanner(
            MappingSource reader,
            LayoutProbe layoutProbe,
            int topThreads,
            int topFiles,
            HostProbe host) {
        this(reader, layoutProbe, topThreads, topFiles, host, null);
    }

    /** @param nativeHeap counts the native heap's mappings and publishes its view after each scan; null for none */
    public FootprintScanner(
            MappingSource reader,
            LayoutProbe layoutProbe,
            int topThreads,
            int topFiles,
            HostProbe host,
            NativeHeapProbe nativeHeap) {
        this.nativeHeap = nativeHeap;
        this.reader = reader;
        this.layoutProbe = layoutProbe;
        this.topThreads = topThreads;
        this.topFiles = topFiles;
        this.host = host;
    }

    /** Whether the layout ran VM.info in the JVM (its symbol tables then stay loaded): for the self-cost. */
    public boolean vmInfoAsked() {
        return layoutProbe.vmInfoAsked();
    }

    /**
     * Scans once and returns the snapshot numbered {@code id}. Throws what reading smaps throws; the caller
     * decides what a failed scan means.
     */
    public FootprintSnapshot scan(long id) throws IOException {
        return scan(id, false);
    }

    /**
     * @param onRequest for a scan someone asked for: the layout's changeable facts are read afresh rather
     *                 than taken from the last second (see {@link LayoutProbe#refresh(boolean)})
     */
    public FootprintSnapshot scan(long id, boolean onRequest) throws IOException {
        long t0 = System.nanoTime();
        readAndClassify(onRequest);
        return publish(id, t0);
    }

    /** The pipeline up to the totals, without building a snapshot: for pricing publication apart. */
    public void passWithoutPublishing() throws IOException {
        readAndClassify(false);
    }

    private FootprintSnapshot publish(long id, long t0) {
        String status = status();
        layoutProbe.committedBytes(committed);
        SystemView system = SystemView.UNKNOWN;
        long[][] nodes = NO_NODES;
        if (host != null) {
            system = host.system();
            for (int i = 0; i < rssByRegion.length; i++) {
                rssByRegion[i] = regions.rssBytes(Region.ofOrdinal(i));
            }
            nodes = host.nodeResident(rssByRegion);
        }
        regions.toUsages(usages);
        var topThreadList = threads.top(topThreads, previous.threads());
        var topFileList = files.top(topFiles, previous.files());
        long duration = System.nanoTime() - t0;
        // shares every unchanged array with the previous snapshot: a steady process allocates one
        // object here
        previous =
                FootprintSnapshot.sharingWith(
                        previous,
                        id,
                        System.currentTimeMillis(),
                        duration,
                        reader.mode(),
                        status,
                        usages,
                        committed,
                        topThreadList,
                        threads.count(),
                        topFileList,
                        files.count(),
                        system,
                        nodes);
        if (nativeHeap != null) {
            nativeHeap.afterScan(previous, layoutProbe.vmInfoMallocLines());
        }
        return previous;
    }

    /** {@code smaps} or {@code pagemap}: what the numbers come from. */
    public String mode() {
        return reader.mode();
    }

    /** One row per mapping, from a fresh scan: the System.map of this process with weighted RSS. */
    public List<MappingRow> mappings() throws IOException {
        rows = new ArrayList<>(1024);
        try {
            readAndClassify(true);
            return rows;
        } finally {
            rows = null;
        }
    }

    /**
     * A rough estimate of the heap this scanner keeps between scans: its read buffer and tables, the layout
     * probe's, plus 64 bytes per thread the layout holds. Exact retained sizes come from a heap dump; this is
     * for the SelfRetainedBytes attribute (RetainedHeap measures it: docs/performance.md, section 7).
     */
    public long retainedBytesEstimate() {
        return reader.retainedBytesEstimate()
                + classifier.retainedBytesEstimate()
                + files.retainedBytesEstimate()
                + threads.retainedBytesEstimate()
                + layoutProbe.retainedBytesEstimate()
                + 64L * layout.threadCount();
    }

    /** The layout the last scan classified against. */
    public JvmLayout layout() {
        return layout;
    }

    private void readAndClassify(boolean onRequest) throws IOException {
        layout = layoutProbe.refresh(onRequest);
        classifier.startScan();
        regions.clear();
        threads.clear(layout);
        files.clear();
        if (host != null) {
            host.startScan();
        }
        if (nativeHeap != null) {
            nativeHeap.maps().start();
        }
        scans++;
        reader.read(this);
    }

    private String status() {
        String problem = layoutProbe.problem();
        if (reader.problem() != null) {
            problem = problem == null ? reader.problem() : problem + "; " + reader.problem();
        }
        int malformed = reader.malformedLines();
        if (problem == null && malformed == 0) {
            return "ok";
        }
        StringBuilder sb = new StringBuilder("degraded:");
        if (problem != null) {
            sb.append(' ').append(problem);
        }
        if (malformed > 0) {
            sb.append(problem != null ? ";" : "")
                    .append(' ')
                    .append(malformed)
                    .append(" unparsable smaps lines skipped");
        }
        return sb.toString();
    }

    @Override
    public void mapping(Mapping m) {
        if (injectFault && (scans & 1) == 1) {
            throw new IllegalStateException("injected classifier fault (wrss.test.fault)");
        }
        Region r = classifier.classify(m, layout);
        regions.add(r, m);
        if (host != null) {
            host.mapping(m.start(), r);
        }
        if (nativeHeap != null) {
            nativeHeap.maps().add(m, r);
        }
        if (r == Region.THREAD_STACKS) {
            threads.add(m);
        } else if (r == Region.MAPPED_FILES && m.fileBacked()) {
            files.add(m);
        }
        if (rows != null) {
            rows.add(
                    new MappingRow(
                            m.start(),
                            m.end(),
                            dev.wrss.agent.proc.VmFlags.permsString(m.perms()),
                            m.offset(),
                            m.pathString(),
                            r,
                            Mapping.orZero(m.rssBytes()),
                            Mapping.orZero(m.pssBytes()),
                            m.ussBytes(),
                            Mapping.orZero(m.swapBytes())));
        }
    }
}
