package dev.wrss.agent.layout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A process's thread count, the cheap signal that threads came or went, read every scan without allocating.
 * Source: field 20 (num_threads) of its leader thread's /proc/PID/task/PID/stat, about 300 bytes the kernel
 * makes in constant time (/proc/PID/stat sums CPU time over every thread; /proc/PID/status prints 1.5 KB:
 * both cost two to ten times more); /proc/PID/status's Threads line where that file is missing. Files under
 * /proc stay open and are read with a pread at 0, which the kernel answers with fresh text; a fixture file
 * elsewhere is reopened each time.
 */
final class ThreadCount {

    private static final byte[] THREADS_KEY = "\nThreads:".getBytes();
    /** num_threads is the 18th field after the ")" that closes comm (field 2, which may hold spaces and ")"). */
    private static final int FIELDS_AFTER_COMM = 18;
    /** "pid (" is at most 9 bytes (pid_max is 2^22), comm at most 64 (kernel threads; user threads 15). */
    private static final int COMM_END_LIMIT = 9 + 64 + 1;

    private final Path stat;
    private final Path status;
    private final boolean keepOpen;
    private final ByteBuffer buffer = ByteBuffer.allocate(8192);
    private FileChannel channel;
    private boolean useStatus;

    ThreadCount(Path procPid) {
        this.stat = procPid.resolve("task").resolve(procPid.getFileName()).resolve("stat");
        this.status = procPid.resolve("status");
        this.keepOpen = procPid.toAbsolutePath().startsWith(Path.of("/proc"));
    }

    /** The number of threads, or -1 if it cannot be read. */
    int threads() {
        int n = read(useStatus ? status : stat);
        if (n < 0 && !useStatus) {
            useStatus = true; // no task directory (an old kernel, a fixture): the longer file has it too
            close();
            n = read(status);
        }
        if (n < 0) {
            return -1;
        }
        return useStatus ? statusThreads(buffer.array(), n) : statThreads(buffer.array(), n);
    }

    /** Reads the file into the buffer; its length, or -1. Both files arrive whole in one read. */
    private int read(Path file) {
        buffer.clear();
        boolean ok = false;
        try {
            if (channel == null) {
                channel = FileChannel.open(file, StandardOpenOption.READ);
            }
            int n = channel.read(buffer, 0);
            ok = true;
            return n;
        } catch (IOException | RuntimeException e) {
            return -1;
        } finally {
            if (!ok || !keepOpen) {
                close(); // the process may be gone: start clean next time
            }
        }
    }

    static int statThreads(byte[] b, int n) {
        // the numeric fields hold no ")": the last one within the pid and a comm of at most 64 bytes closes comm.
        // Looking there rather than from the end halves the loop, which runs in the interpreter (once per scan)
        int i = Math.min(n, COMM_END_LIMIT) - 1;
        while (i >= 0 && b[i] != ')') {
            i--;
        }
        if (i < 0) {
            return -1;
        }
        int field = 0;
        int value = -1;
        for (i++; i < n; i++) {
            byte c = b[i];
            if (c == ' ') {
                if (field == FIELDS_AFTER_COMM) {
                    return value;
                }
                field++;
                value = field == FIELDS_AFTER_COMM ? 0 : -1;
            } else if (field == FIELDS_AFTER_COMM) {
                if (c < '0' || c > '9') {
                    return -1;
                }
                value = value * 10 + (c - '0');
            }
        }
        return field == FIELDS_AFTER_COMM ? value : -1;
    }

    static int statusThreads(byte[] b, int n) {
        outer:
        for (int i = 0; i + THREADS_KEY.length < n; i++) {
            for (int k = 0; k < THREADS_KEY.length; k++) {
                if (b[i + k] != THREADS_KEY[k]) {
                    continue outer;
                }
            }
            int value = 0;
            for (int j = i + THREADS_KEY.length; j < n && b[j] != '\n'; j++) {
                if (b[j] >= '0' && b[j] <= '9') {
                    value = value * 10 + (b[j] - '0');
                }
            }
            return value;
        }
        return -1;
    }

    void close() {
        FileChannel c = channel;
        channel = null;
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing a /proc file cannot lose data
            }
        }
    }
}
