package dev.wrss.agent.layout;

import dev.wrss.agent.proc.MapsReader;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;

/**
 * Each thread's stack range, found without NMT: /proc/PID/task/TID/syscall gives the stack pointer of a
 * thread blocked in a system call, and the mapping holding it (plus the guard just below) is its stack.
 * Threads caught running keep their last known range and are retried. Each thread's name starts as its comm;
 * {@link CutNames} replaces a cut one. Not thread-safe.
 */
final class ThreadStacks {

    /** One thread; {@code start == end == 0} while its stack pointer is unknown. */
    static final class Entry {
        final long tid;
        long start;
        long end;
        String name;

        /** A Thread.print ran while this thread lived: its name is the Java name if it has one. */
        boolean namesLooked;

        /**
         * The live Java names were searched for this thread's cut comm, found or not: a JVM-internal thread
         * ("C2 CompilerThre") or one of several sharing a comm is not searched for again at every relist.
         */
        boolean uniqueNameTried;

        Entry(long tid) {
            this.tid = tid;
        }
    }

    private static final Comparator<Entry> BY_START = Comparator.comparingLong(e -> e.start);

    private final TaskFiles files;

    /**
     * The threads, sorted by tid, in {@code entries[0..count)}; a relist merges into {@code spare} and swaps.
     * The arrays are kept: threads come and go all the time in some JVMs, and each relist would otherwise
     * box and hash every tid.
     */
    private Entry[] entries = new Entry[64];

    private Entry[] spare = new Entry[64];
    private int count;
    private long[] listed = new long[64];
    private Entry[] byStart = new Entry[64];

    /** Entries whose stack is not known yet, counted whenever entries change: asked every scan. */
    private int unresolved;

    ThreadStacks(Path procPid) {
        this.files = new TaskFiles(procPid);
    }

    /** What the kept arrays take (the entries themselves are in the scanner's per-thread estimate). */
    long retainedBytes() {
        return 4L * (entries.length + spare.length + byStart.length) + 8L * listed.length;
    }

    /** Re-lists the task directory; true if a thread came or went. */
    boolean relist() {
        int n = 0;
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(files.dir())) {
            for (Path p : dir) {
                // the JDK makes this String anyway, getFileName two objects more
                long tid = trailingNumber(p.toString());
                if (tid > 0) {
                    if (n == listed.length) {
                        listed = Arrays.copyOf(listed, 2 * n);
                    }
                    listed[n++] = tid;
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        Arrays.sort(listed, 0, n);
        if (spare.length < n) {
            spare = new Entry[Math.max(n, 2 * spare.length)];
        }
        // merge the sorted lists: keep who is still listed, add who is new
        boolean changed = false;
        int next = 0;
        int old = 0;
        for (int i = 0; i < n; i++) {
            long tid = listed[i];
            while (old < count && entries[old].tid < tid) {
                old++;
                changed = true; // gone
            }
            if (old < count && entries[old].tid == tid) {
                spare[next++] = entries[old++];
            } else if (i == 0 || listed[i - 1] != tid) {
                spare[next++] = new Entry(tid);
                changed = true;
            }
        }
        changed |= old < count;
        Arrays.fill(entries, 0, count, null);
        Entry[] swap = entries;
        entries = spare;
        spare = swap;
        count = next;
        countUnresolved();
        return changed;
    }

    /** The number after the last '/', or -1 if the name is not all digits. */
    static long trailingNumber(String path) {
        int i = path.lastIndexOf('/') + 1;
        if (i == path.length() || path.length() - i > 18) {
            return -1;
        }
        long v = 0;
        for (; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** The resolved threads sorted by stack start (stable) into a kept array; see {@link #byStart()}. */
    int sortResolved() {
        if (byStart.length < count) {
            byStart = new Entry[Math.max(count, 2 * byStart.length)];
        }
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (entries[i].end != 0) {
                byStart[n++] = entries[i];
            }
        }
        Arrays.fill(byStart, n, byStart.length, null);
        Arrays.sort(byStart, 0, n, BY_START);
        return n;
    }

    /** The array {@link #sortResolved()} filled; owned by this object, valid until the next call. */
    Entry[] byStart() {
        return byStart;
    }

    /** The threads listed. */
    int count() {
        return count;
    }

    boolean hasUnresolved() {
        return unresolved > 0;
    }

    private void countUnresolved() {
        int n = 0;
        for (int i = 0; i < count; i++) {
            Entry e = entries[i];
            if (e.end == 0) {
                n++;
            }
        }
        unresolved = n;
    }

    /** Resolves the stacks of threads not resolved yet against {@code maps}; true if one was found. */
    boolean resolve(MapsReader maps) {
        boolean changed = false;
        for (int k = 0; k < count; k++) {
            Entry e = entries[k];
            if (e.name == null) {
                e.name = files.comm(e.tid);
            }
            if (e.end != 0) {
                continue;
            }
            long sp = files.stackPointer(e.tid);
            int i = sp == 0 ? -1 : maps.indexOf(sp);
            if (i < 0
                    || !(maps.isAnonRw(i) || maps.is(i, JvmMaps.MAIN_STACK, JvmMaps.MAIN_STACK))) {
                continue;
            }
            e.start = maps.start(i);
            e.end = maps.end(i);
            // the guard: glibc's page below a native thread's stack, HotSpot's zones below a Java
            // one
            if (i > 0
                    && maps.end(i - 1) == e.start
                    && maps.isAnonNone(i - 1)
                    && maps.end(i - 1) - maps.start(i - 1) <= StackShapes.MAX_GUARD_BYTES) {
                e.start = maps.start(i - 1);
            }
            changed = true;
        }
        countUnresolved();
        return changed;
    }

    /** Replaces comm names by full Java names where Thread.print's {@code javaNames} knows the tid. */
    void applyJavaNames(Map<Long, String> javaNames) {
        CutNames.applyJavaNames(entries, count, javaNames);
    }

    /** See {@link CutNames#applyUniqueJavaNames}; {@code javaNames} is sorted in place. */
    boolean applyUniqueJavaNames(String[] javaNames) {
        return CutNames.applyUniqueJavaNames(entries, count, javaNames);
    }

    /** True if a thread's comm may be a cut Java name not looked up yet. */
    boolean needsJavaNames() {
        return CutNames.needsJavaNames(entries, count);
    }

    /** True if a thread whose comm may be cut has come since the live Java names were last searched. */
    boolean hasUntriedCutNames() {
        return CutNames.hasUntriedCutNames(entries, count);
    }
}
