package dev.wrss.agent.pagemap;

import dev.wrss.agent.proc.KernelPageSize;
import dev.wrss.agent.proc.Mapping;
import dev.wrss.agent.proc.MappingSource;
import dev.wrss.agent.proc.SmapsParser;
import dev.wrss.agent.proc.SmapsReader;
import dev.wrss.agent.proc.StatmReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * {@code mode=auto}: below {@code largeRssBytes} of resident size (statm, read at every scan) one smaps walk,
 * as {@code mode=smaps}; above it, /proc/PID/maps plus pagemap in 2 MiB chunks, so the kernel holds the mmap
 * lock per chunk instead of per whole mapping. Rss and Uss are then exact (pagemap's present and exclusive
 * bits); Pss is exact when /proc/kpagecount is readable, otherwise shared pages are weighed by their
 * mapping's shared Pss/Rss ratio in the last full smaps walk ({@link WalkSharedPss}), which is redone once
 * it is older than {@code maxAgeMillis}; {@link #problem()} gives that walk's age.
 */
public final class AutoSource implements MappingSource {

    private final SmapsReader smaps;
    private final PagemapReader pagemap;
    private final StatmReader statm;
    private final WalkSharedPss walk;
    private final boolean privileged;
    private final long largeRssBytes;
    private final long maxAgeMillis;
    private final LongSupplier clockMillis;
    private MappingSource last;
    private String problem;
    private SmapsParser.Sink downstream;
    private final SmapsParser.Sink recordAndPass = this::recordAndPass;

    /** @param procRoot normally /proc; {@code pid} is a number or {@code self} */
    public AutoSource(Path procRoot, String pid, long largeRssBytes, long maxAgeMillis) {
        this(
                procRoot,
                pid,
                largeRssBytes,
                maxAgeMillis,
                PagemapReader.privileged(procRoot),
                System::currentTimeMillis);
    }

    AutoSource(
            Path procRoot,
            String pid,
            long largeRssBytes,
            long maxAgeMillis,
            boolean privileged,
            LongSupplier clockMillis) {
        long pageBytes = KernelPageSize.read(procRoot);
        this.walk = new WalkSharedPss(pageBytes);
        this.smaps = new SmapsReader(procRoot, pid);
        // privileged, kpagecount divides shared pages exactly and the walk's ratios are never
        // needed
        this.pagemap = new PagemapReader(procRoot, pid, privileged ? null : walk);
        this.statm = new StatmReader(procRoot, pid, pageBytes);
        this.privileged = privileged;
        this.largeRssBytes = largeRssBytes;
        this.maxAgeMillis = maxAgeMillis;
        this.clockMillis = clockMillis;
        this.last = smaps;
    }

    @Override
    public void read(SmapsParser.Sink sink) throws IOException {
        problem = null;
        long rssBytes = statm.residentBytes(); // -1 if unreadable: smaps, which needs no threshold
        long now = clockMillis.getAsLong();
        if (rssBytes < largeRssBytes || (!privileged && walk.ageMillis(now) > maxAgeMillis)) {
            last = smaps;
            if (privileged) {
                smaps.read(sink);
            } else {
                fullScan(sink, now);
            }
            return;
        }
        last = pagemap;
        walk.startRead();
        pagemap.read(sink);
        if (!privileged) {
            problem = describe(now);
        } else {
            problem = pagemap.problem();
        }
    }

    private void fullScan(SmapsParser.Sink sink, long now) throws IOException {
        walk.startWalk();
        downstream = sink;
        try {
            smaps.read(recordAndPass);
            walk.endWalk(now);
        } finally {
            downstream = null;
        }
    }

    private void recordAndPass(Mapping m) {
        walk.record(m);
        downstream.mapping(m);
    }

    private String describe(long now) {
        StringBuilder sb =
                new StringBuilder("pagemap: pss of shared pages from smaps walk ")
                        .append(walk.ageMillis(now) / 1000)
                        .append(" s old");
        if (walk.wholePages() > 0) {
            sb.append(", ")
                    .append(walk.wholePages())
                    .append(" shared pages in mappings that had none then counted whole");
        }
        return sb.toString();
    }

    /** Shared pages the last pagemap read counted whole, for tests. */
    long wholePagesForTest() {
        return walk.wholePages();
    }

    /** {@code smaps} or {@code pagemap}: the source of the last read's numbers. */
    @Override
    public String mode() {
        return last.mode();
    }

    @Override
    public String problem() {
        return problem;
    }

    @Override
    public int malformedLines() {
        return last.malformedLines();
    }

    @Override
    public long retainedBytesEstimate() {
        return smaps.retainedBytesEstimate()
                + pagemap.retainedBytesEstimate()
                + walk.retainedBytesEstimate()
                + 512;
    }

    @Override
    public void close() {
        smaps.close();
        pagemap.close();
        statm.close();
    }
}
