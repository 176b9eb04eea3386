package dev.wrss.agent.layout;

import dev.wrss.agent.proc.KernelTextFile;
import java.nio.file.Path;

/**
 * A process's thread count, the cheap signal that threads came or went, read every scan without allocating.
 * Source: field 20 (num_threads) of its leader thread's /proc/PID/task/PID/stat, about 300 bytes the kernel
 * makes in constant time (/proc/PID/stat sums CPU time over every thread; /proc/PID/status prints 1.5 KB:
 * both cost two to ten times more); /proc/PID/status's Threads line where that file is missing. Read through
 * {@link KernelTextFile}: kept open under /proc, reopened for a fixture.
 */
final class ThreadCount {

    private static final byte[] THREADS_KEY = "\nThreads:".getBytes();
    /** num_threads is the 18th field after the ")" that closes comm (field 2, which may hold spaces and ")"). */
    private static final int FIELDS_AFTER_COMM = 18;
    /** "pid (" is at most 9 bytes (pid_max is 2^22), comm at most 64 (kernel threads; user threads 15). */
    private static final int COMM_END_LIMIT = 9 + 64 + 1;

    private final KernelTextFile stat;
    private final KernelTextFile status;
    private boolean useStatus;

    ThreadCount(Path procPid) {
        this.stat = new KernelTextFile(procPid.resolve("task").resolve(procPid.getFileName()).resolve("stat"), 512);
        this.status = new KernelTextFile(procPid.resolve("status"), 2048);
    }

    /** The number of threads, or -1 if it cannot be read. */
    int threads() {
        int n = useStatus ? -1 : stat.read();
        if (n < 0 && !useStatus) {
            useStatus = true; // no task directory (an old kernel, a fixture): the longer file has it too
        }
        if (useStatus) {
            n = status.read();
        }
        if (n < 0) {
            return -1;
        }
        return useStatus ? statusThreads(status.bytes(), n) : statThreads(stat.bytes(), n);
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
        stat.close();
        status.close();
    }
}
