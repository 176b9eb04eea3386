package dev.wrss.agent.aggregate;

import dev.wrss.mbeans.FootprintSnapshot.MappedFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The top list {@link FileTotals} published last, and the numbers it was made from: a steady process gets that
 * same list back, and a file that stays in the list keeps its path String. Runs once per scan, at publication.
 */
final class PublishedFiles {

    private static final byte[] DELETED = " (deleted)".getBytes(StandardCharsets.US_ASCII);

    private long[] inodes = new long[0];
    private int[] devices = new int[0];
    private String[] paths = new String[0];

    /** The list made last, and its entries' rss, pss, uss (kB) and mappings, four ints each. */
    private List<MappedFile> madeList;

    private int[] madeKb = new int[0];
    private long[] madeVirt = new long[0];

    /**
     * The files {@code order[0..n)} of {@code t} as a list; {@code previous} itself when it holds exactly the
     * same entries.
     */
    List<MappedFile> publish(FileTotals t, int[] order, int n, List<MappedFile> previous) {
        if (same(t, order, n, previous)) {
            return previous;
        }
        List<MappedFile> out = new ArrayList<>(n);
        String[] strings = new String[n];
        for (int k = 0; k < n; k++) {
            int e = order[k];
            strings[k] = path(t, e);
            out.add(
                    new MappedFile(
                            strings[k],
                            t.inodes[e],
                            t.paths.endsWith(e, DELETED),
                            (long) t.rssKb[e] << 10,
                            (long) t.pssKb[e] << 10,
                            (long) t.ussKb[e] << 10,
                            t.virt[e],
                            t.mappings[e]));
        }
        inodes = new long[n];
        devices = new int[n];
        madeKb = new int[4 * n];
        madeVirt = new long[n];
        for (int k = 0; k < n; k++) {
            int e = order[k];
            inodes[k] = t.inodes[e];
            devices[k] = t.devices[e];
            madeKb[4 * k] = t.rssKb[e];
            madeKb[4 * k + 1] = t.pssKb[e];
            madeKb[4 * k + 2] = t.ussKb[e];
            madeKb[4 * k + 3] = t.mappings[e];
            madeVirt[k] = t.virt[e];
        }
        paths = strings;
        madeList = List.copyOf(out);
        return madeList;
    }

    /** The Strings of the last published files. */
    long stringBytes() {
        long strings = 0;
        for (String p : paths) {
            strings += p == null ? 0 : 24 + 16 + p.length();
        }
        return strings;
    }

    /** The String published for the file before, or a new one. */
    private String path(FileTotals t, int e) {
        for (int k = 0; k < paths.length; k++) {
            if (inodes[k] == t.inodes[e] && devices[k] == t.devices[e]) {
                return paths[k];
            }
        }
        return t.paths.string(e);
    }

    private boolean same(FileTotals t, int[] order, int n, List<MappedFile> previous) {
        if (previous == madeList) {
            // the list made last: compare with the numbers it was made from, without a call per
            // field
            // (this runs once per scan, so in the interpreter)
            if (paths.length != n) {
                return false;
            }
            for (int k = 0; k < n; k++) {
                int e = order[k];
                if (inodes[k] != t.inodes[e]
                        || devices[k] != t.devices[e]
                        || madeKb[4 * k] != t.rssKb[e]
                        || madeKb[4 * k + 1] != t.pssKb[e]
                        || madeKb[4 * k + 2] != t.ussKb[e]
                        || madeKb[4 * k + 3] != t.mappings[e]
                        || madeVirt[k] != t.virt[e]) {
                    return false;
                }
            }
            return true;
        }
        if (previous.size() != n || paths.length != n) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            int e = order[k];
            MappedFile p = previous.get(k);
            // previous is the list this table published last: same file at the same place means
            // same path
            if (p.inode() != t.inodes[e]
                    || devices[k] != t.devices[e]
                    || inodes[k] != t.inodes[e]
                    || p.path() != paths[k]
                    || p.rssBytes() != (long) t.rssKb[e] << 10
                    || p.pssBytes() != (long) t.pssKb[e] << 10
                    || p.ussBytes() != (long) t.ussKb[e] << 10
                    || p.virtualBytes() != t.virt[e]
                    || p.mappings() != t.mappings[e]) {
                return false;
            }
        }
        return true;
    }
}
