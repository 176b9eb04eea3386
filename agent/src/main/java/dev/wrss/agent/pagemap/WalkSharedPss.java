package dev.wrss.agent.pagemap;

import dev.wrss.agent.proc.Mapping;
import java.util.Arrays;

/**
 * What the last full smaps walk said about each mapping's shared pages (Rss − Uss and Pss − Uss), so that an
 * unprivileged pagemap read, which sees which pages are shared but not by how many, can weigh them: today's
 * shared bytes × that mapping's shared Pss/Rss ratio then. A mapping not seen with shared pages in that walk
 * (same start, end and inode) has its shared pages counted whole. Holds at most {@value #MAX_MAPPINGS} mappings.
 */
final class WalkSharedPss implements PagemapReader.SharedPss {

    /** Bounds the table at 2.5 MiB; mappings past it are counted whole and reported as such. */
    static final int MAX_MAPPINGS = 65_536;

    private long[] starts = new long[256];
    private long[] ends = new long[256];
    private long[] inodes = new long[256];
    private long[] sharedRss = new long[256];
    private long[] sharedPss = new long[256];
    private int count;
    private boolean complete; // the last walk ended without error
    private long scanMillis = Long.MIN_VALUE;
    private long wholePages; // of the current pagemap read
    private long weighedPages;
    private final long pageBytes;

    WalkSharedPss(long pageBytes) {
        this.pageBytes = pageBytes;
    }

    /** Forgets the previous walk; {@link #record} then adds the new one's mappings in address order. */
    void startWalk() {
        count = 0;
        complete = false;
        scanMillis = Long.MIN_VALUE;
    }

    /** Keeps {@code m}'s shared Rss and Pss if it has shared pages; smaps fields are known here. */
    void record(Mapping m) {
        long uss = m.ussBytes();
        long rss = Mapping.orZero(m.rssBytes());
        if (rss <= uss) {
            return; // nothing shared: nothing to weigh later
        }
        if (count == starts.length) {
            if (count == MAX_MAPPINGS) {
                return;
            }
            int n = Math.min(MAX_MAPPINGS, count * 2);
            starts = Arrays.copyOf(starts, n);
            ends = Arrays.copyOf(ends, n);
            inodes = Arrays.copyOf(inodes, n);
            sharedRss = Arrays.copyOf(sharedRss, n);
            sharedPss = Arrays.copyOf(sharedPss, n);
        }
        starts[count] = m.start();
        ends[count] = m.end();
        inodes[count] = m.inode();
        sharedRss[count] = rss - uss;
        sharedPss[count] = Math.max(0, Mapping.orZero(m.pssBytes()) - uss);
        count++;
    }

    /** The walk that filled the table ended, at {@code nowMillis}. */
    void endWalk(long nowMillis) {
        scanMillis = nowMillis;
        complete = true;
    }

    /** Milliseconds since the last complete walk; Long.MAX_VALUE if there was none. */
    long ageMillis(long nowMillis) {
        return complete ? nowMillis - scanMillis : Long.MAX_VALUE;
    }

    /** Resets the per-read tallies of weighed and whole-counted pages. */
    void startRead() {
        wholePages = 0;
        weighedPages = 0;
    }

    long wholePages() {
        return wholePages;
    }

    long weighedPages() {
        return weighedPages;
    }

    @Override
    public long pssBytes(Mapping m, long sharedBytes) {
        int k = Arrays.binarySearch(starts, 0, count, m.start());
        if (k < 0 || ends[k] != m.end() || inodes[k] != m.inode() || sharedRss[k] == 0) {
            wholePages += sharedBytes / pageBytes;
            return sharedBytes;
        }
        weighedPages += sharedBytes / pageBytes;
        // in double: the product of two byte counts can overflow a long
        return Math.round(sharedBytes * ((double) sharedPss[k] / sharedRss[k]));
    }

    long retainedBytesEstimate() {
        return starts.length * 40L + 128;
    }
}
