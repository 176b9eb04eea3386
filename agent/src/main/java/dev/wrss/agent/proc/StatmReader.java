package dev.wrss.agent.proc;

import java.nio.file.Path;

/**
 * Reads the resident size from /proc/PID/statm: an O(1) read (the kernel's counters, no page-table walk),
 * so cheap enough to poll every interval as a tripwire for the expensive smaps scan. The kernel documents
 * these counters as approximate; that is fine for "has anything moved?".
 *
 * <pre>
 * 914677 22586 5305 1 0 121309 0
 * </pre>
 * Fields are pages: size, resident, shared, text, lib, data, dt. The file stays open; each read is a pread at 0
 * ({@link KernelTextFile}).
 */
public final class StatmReader implements AutoCloseable {

    private final KernelTextFile statm;
    private final long pageBytes;
    private long dataPages = -1;

    public StatmReader(Path procRoot, String pid, long pageBytes) {
        this.statm = new KernelTextFile(procRoot.resolve(pid).resolve("statm"), 256);
        this.pageBytes = pageBytes;
    }

    /** Resident bytes, or -1 if the file cannot be read or parsed. Also takes the data field, {@link #dataPages()}. */
    public long residentBytes() {
        int n = statm.read();
        if (n <= 0) {
            dataPages = -1;
            return -1;
        }
        byte[] b = statm.bytes();
        long pages = field(b, n, 1);
        dataPages = field(b, n, 5);
        return pages < 0 ? -1 : pages * pageBytes;
    }

    /**
     * The data field of the last {@link #residentBytes()} read, without reading again: the pages of the
     * process's private writable mappings and its stack ({@code mm->data_vm + mm->stack_vm}), -1 if unknown.
     * It moves whenever such memory is mapped, unmapped or has its protection changed, which is how the JVM
     * commits and uncommits metaspace and code cache; it does not move when pages are merely touched.
     */
    public long dataPages() {
        return dataPages;
    }

    /** Field {@code index} (0 for the first) of the space-separated numbers, -1 if absent or malformed. */
    static long field(byte[] b, int n, int index) {
        int i = 0;
        for (int skip = 0; skip < index; skip++) {
            while (i < n && b[i] != ' ') {
                i++;
            }
            i++;
        }
        long v = 0;
        int digits = 0;
        for (; i < n && b[i] >= '0' && b[i] <= '9'; i++, digits++) {
            v = v * 10 + (b[i] - '0');
        }
        return digits == 0 || digits > 18 ? -1 : v;
    }

    @Override
    public void close() {
        statm.close();
    }
}
