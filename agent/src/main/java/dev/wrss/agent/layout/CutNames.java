package dev.wrss.agent.layout;

import dev.wrss.agent.layout.ThreadStacks.Entry;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Full names for threads whose comm is a Java name HotSpot cut to 15 bytes, matched over a
 * {@link ThreadStacks}' entries: from Thread.print's tid-to-name map, or from the live Java threads' names
 * where exactly one fits. When each runs is {@link ThreadNaming}'s.
 */
final class CutNames {

    /** TASK_COMM_LEN is 16 bytes with the terminating NUL. */
    private static final int COMM_MAX_CHARS = 15;

    private CutNames() {}

    /** Replaces comm names by full Java names where {@code javaNames} (Thread.print's) knows the tid. */
    static void applyJavaNames(Entry[] entries, int count, Map<Long, String> javaNames) {
        for (int i = 0; i < count; i++) {
            Entry e = entries[i];
            String name = javaNames.get(e.tid);
            if (name != null) {
                e.name = name;
            }
            e.namesLooked = true;
        }
    }

    /**
     * Gives a thread whose comm may be a cut Java name the live Java name that starts with it, where exactly
     * one thread has that comm and exactly one name no other thread holds starts with it: no stop-the-world
     * pause, unlike Thread.print, but threads that share a cut comm (a pool's "request-worker-thread-1",
     * "-2"... started together) keep it. A thread so named counts as looked up; every thread with a comm counts
     * as tried ({@link #hasUntriedCutNames}). True if a name changed;
     * {@code javaNames} (sorted here, in place) null changes nothing.
     */
    static boolean applyUniqueJavaNames(Entry[] entries, int count, String[] javaNames) {
        if (javaNames == null) {
            return false;
        }
        for (int i = 0; i < count; i++) {
            // a comm not read yet is tried next time
            entries[i].uniqueNameTried = entries[i].name != null;
        }
        String[] sorted = javaNames;
        Arrays.sort(sorted);
        Map<String, Integer> sharing = new HashMap<>();
        Set<String> held = new HashSet<>();
        for (int i = 0; i < count; i++) {
            Entry e = entries[i];
            if (mayBeCut(e)) {
                sharing.merge(e.name, 1, Integer::sum);
            } else if (e.name != null) {
                // a pool's older thread, named before: not a candidate for a new one
                held.add(e.name);
            }
        }
        boolean changed = false;
        for (int i = 0; i < count; i++) {
            Entry e = entries[i];
            if (mayBeCut(e) && sharing.get(e.name) == 1) {
                String only = onlyNameStartingWith(sorted, e.name, held);
                if (only != null) {
                    changed |= !only.equals(e.name);
                    e.name = only;
                    e.namesLooked = true;
                }
            }
        }
        return changed;
    }

    /** The one name of {@code sorted} not in {@code held} that starts with {@code prefix}; null for none or several. */
    static String onlyNameStartingWith(String[] sorted, String prefix, Set<String> held) {
        int i = Arrays.binarySearch(sorted, prefix);
        String only = null;
        for (i = i < 0 ? -i - 1 : i; i < sorted.length && sorted[i].startsWith(prefix); i++) {
            if (!held.contains(sorted[i])) {
                if (only != null) {
                    return null;
                }
                only = sorted[i];
            }
        }
        return only;
    }

    private static boolean mayBeCut(Entry e) {
        return !e.namesLooked && e.name != null && e.name.length() >= COMM_MAX_CHARS;
    }

    /**
     * True if a thread's comm name may be a cut Java name that neither Thread.print nor
     * {@link #applyUniqueJavaNames} has looked up yet. HotSpot gives a started Java thread its name as comm,
     * cut to 15 bytes, so a shorter comm is the whole name.
     */
    static boolean needsJavaNames(Entry[] entries, int count) {
        for (int i = 0; i < count; i++) {
            if (mayBeCut(entries[i])) {
                return true;
            }
        }
        return false;
    }

    /**
     * True if a thread whose comm may be cut has come since {@link #applyUniqueJavaNames} last looked: the
     * pass costs a ThreadInfo per live Java thread, so it runs for new threads, not for those it could not name.
     */
    static boolean hasUntriedCutNames(Entry[] entries, int count) {
        for (int i = 0; i < count; i++) {
            if (mayBeCut(entries[i]) && !entries[i].uniqueNameTried) {
                return true;
            }
        }
        return false;
    }
}
