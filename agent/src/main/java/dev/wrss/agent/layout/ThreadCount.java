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

    /** num_threads, as proc(5) numbers a stat file's fields. */
    private static final int NUM_THREADS_FIELD = 20;

    private final KernelTextFile stat;
    private final KernelTextFile status;
    private boolean useStatus;

    ThreadCount(Path procPid) {
        this.stat =
                new KernelTextFile(
                        procPid.resolve("task").resolve(procPid.getFileName()).resolve("stat"),
                        512);
        this.status = new KernelTextFile(procPid.resolve("status"), 2048);
    }

    /** The number of threads, or -1 if it cannot be read. */
    int threads() {
        int n = useStatus ? -1 : stat.read();
        if (n < 0 && !useStatus) {
            useStatus =
                    true; // no task directory (an old kernel, a fixture): the longer file has it
            // too
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
        return (int) KernelTextFile.statField(b, n, NUM_THREADS_FIELD);
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
