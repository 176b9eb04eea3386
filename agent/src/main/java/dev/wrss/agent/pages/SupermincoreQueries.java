package dev.wrss.agent.pages;

import dev.wrss.agent.pagemap.MappingPages;
import dev.wrss.agent.pagemap.PagemapReader;
import dev.wrss.agent.proc.VmFlags;
import dev.wrss.mbeans.PageQuery;
import dev.wrss.mbeans.PageRow;
import dev.wrss.mbeans.PageSummaryRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers supermincore queries for the MBeans and the command line: one {@link Supermincore} (it reuses its
 * buffers, so callers take turns) and the conversion of its arrays into published rows.
 */
public final class SupermincoreQueries {

    private final Path procRoot;
    private final Path sysRoot;
    private Supermincore pages; // built on first use: nothing of it runs in premain
    private Boolean privileged;

    public SupermincoreQueries(Path procRoot, Path sysRoot) {
        this.procRoot = procRoot;
        this.sysRoot = sysRoot;
    }

    /** Whether /proc/kpagecount can be read here, i.e. frames and map counts are visible. */
    public synchronized boolean privileged() {
        if (privileged == null) {
            privileged = PagemapReader.privileged(procRoot);
        }
        return privileged;
    }

    /**
     * The pages of [start, end) of {@code pid}, and per mapping a summary; {@code withPages} false leaves the
     * page list empty. IllegalArgumentException for a bad range.
     */
    public synchronized PageQuery query(long pid, long start, long end, boolean withPages) {
        QueryResult q;
        try {
            if (pages == null) {
                pages = new Supermincore(procRoot, sysRoot);
            }
            q = pages.query(pid, start, end);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "reading /proc/" + pid + "/pagemap failed: " + e.getMessage(), e);
        }
        List<PageRow> rows = new ArrayList<>(withPages ? q.size() : 0);
        for (int i = 0; withPages && i < q.size(); i++) {
            int f = q.flags(i);
            rows.add(
                    new PageRow(
                            q.address(i),
                            q.pfn(i),
                            q.index(i),
                            q.count(i),
                            VmFlags.permsString(q.prot(i)),
                            (f & PageInfo.PRESENT) != 0,
                            (f & PageInfo.SWAPPED) != 0,
                            (f & PageInfo.EXCLUSIVE) != 0,
                            (f & PageInfo.FILE_OR_SHARED_ANON) != 0,
                            (f & PageInfo.SOFT_DIRTY) != 0,
                            (f & PageInfo.THP) != 0,
                            q.node(i)));
        }
        List<PageSummaryRow> summary = new ArrayList<>();
        for (MappingPages m : q.mappings()) {
            summary.add(
                    new PageSummaryRow(
                            m.start(),
                            m.end(),
                            m.perms(),
                            m.path() == null ? "" : m.path(),
                            m.pages(),
                            m.presentPages(),
                            m.swappedPages(),
                            m.exclusivePages(),
                            m.sharedPages(),
                            m.unknownCountPages(),
                            m.weightedBytes()));
        }
        return new PageQuery(q.privileged(), rows, summary);
    }
}
