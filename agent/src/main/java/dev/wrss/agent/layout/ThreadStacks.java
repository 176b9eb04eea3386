package dev.wrss.agent.layout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Each thread's stack range, found without NMT: /proc/PID/task/TID/syscall gives the stack pointer of a
 * thread blocked in a system call, and the mapping holding it (plus the guard just below) is its stack.
 * Threads caught running keep their last known range and are retried. Not thread-safe.
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

        Entry(long tid) {
            this.tid = tid;
        }
    }

    /** TASK_COMM_LEN is 16 bytes with the terminating NUL. */
    private static final int COMM_MAX_CHARS = 15;

    private final Path task;
    private final Map<Long, Entry> entries = new HashMap<>();
    private final ByteBuffer small = ByteBuffer.allocate(512);
    /** Entries whose stack is not known yet, counted whenever entries change: asked every scan. */
    private int unresolved;

    ThreadStacks(Path procPid) {
        this.task = procPid.resolve("task");
    }

    Map<Long, Entry> entries() {
        return entries;
    }

    /** Re-lists the task directory; true if a thread came or went. */
    boolean relist() {
        Set<Long> alive = new HashSet<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(task)) {
            for (Path p : dir) {
                try {
                    alive.add(Long.parseLong(p.getFileName().toString()));
                } catch (NumberFormatException ignored) {
                    // not a tid
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        boolean changed = entries.keySet().retainAll(alive);
        for (Long tid : alive) {
            if (!entries.containsKey(tid)) {
                entries.put(tid, new Entry(tid));
                changed = true;
            }
        }
        countUnresolved();
        return changed;
    }

    boolean hasUnresolved() {
        return unresolved > 0;
    }

    private void countUnresolved() {
        int n = 0;
        for (Entry e : entries.values()) {
            if (e.end == 0) {
                n++;
            }
        }
        unresolved = n;
    }

    /** Resolves the stacks of threads not resolved yet against {@code maps}; true if one was found. */
    boolean resolve(ProcMaps maps) {
        boolean changed = false;
        for (Entry e : entries.values()) {
            if (e.name == null) {
                e.name = comm(e.tid);
            }
            if (e.end != 0) {
                continue;
            }
            long sp = stackPointer(e.tid);
            int i = sp == 0 ? -1 : maps.indexOf(sp);
            if (i < 0 || !(maps.isAnonRw(i) || maps.is(i, ProcMaps.MAIN_STACK, ProcMaps.MAIN_STACK))) {
                continue;
            }
            e.start = maps.start(i);
            e.end = maps.end(i);
            // the guard: glibc's page below a native thread's stack, HotSpot's zones below a Java thread's
            if (i > 0 && maps.end(i - 1) == e.start && maps.isAnonNone(i - 1)) {
                e.start = maps.start(i - 1);
            }
            changed = true;
        }
        countUnresolved();
        return changed;
    }

    /** Replaces comm names by full Java names where {@code javaNames} knows the tid. */
    void applyJavaNames(Map<Long, String> javaNames) {
        for (Entry e : entries.values()) {
            String name = javaNames.get(e.tid);
            if (name != null) {
                e.name = name;
            }
            e.namesLooked = true;
        }
    }

    /**
     * True if a thread's comm name may be a cut Java name that no Thread.print has looked up yet. HotSpot
     * gives a started Java thread its name as comm, cut to 15 bytes, so a shorter comm is the whole name.
     */
    boolean needsJavaNames() {
        for (Entry e : entries.values()) {
            if (!e.namesLooked && e.name != null && e.name.length() >= COMM_MAX_CHARS) {
                return true;
            }
        }
        return false;
    }

    /** The stack pointer of a thread blocked in a syscall, else 0. Format: "nr a1..a6 sp pc", or "running". */
    long stackPointer(long tid) {
        String text = readSmall(task.resolve(Long.toString(tid)).resolve("syscall"));
        if (text == null) {
            return 0;
        }
        String[] fields = text.trim().split(" ");
        if (fields.length < 3 || !fields[fields.length - 2].startsWith("0x")) {
            return 0;
        }
        return HeapInfo.hex(fields[fields.length - 2]);
    }

    String comm(long tid) {
        String text = readSmall(task.resolve(Long.toString(tid)).resolve("comm"));
        return text == null ? "?" : text.trim();
    }

    String readSmall(Path file) {
        small.clear();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (small.hasRemaining() && ch.read(small) > 0) {
                // proc files of this size arrive in one read; loop for safety
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return new String(small.array(), 0, small.position(), StandardCharsets.ISO_8859_1);
    }
}
