package dev.wrss.agent.proc;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;

/**
 * One small kernel text file (statm, a task's stat, memory.stat, memory.current, /proc/vmstat ...) read whole into a
 * reused buffer, and its numbers parsed from the bytes. Under /proc or /sys the file stays open and each read
 * starts with a seek to 0, which makes the kernel regenerate the text; a file elsewhere (a fixture tree) can be
 * replaced between reads, so it is reopened each time, as {@code SmapsReader} does. Read through a
 * {@link RandomAccessFile}: these reads run once per scan or interval, so in the interpreter, where its two
 * native calls cost a third of a FileChannel's positional read with its temporary direct buffer (measured:
 * 4.6 against 12 us for a task's stat on JDK 17, the kernel's part of it about 4 us).
 */
public final class KernelTextFile implements AutoCloseable {

    /** What {@link #number()} and {@link #valueOf} return for a value that is absent or unreadable. */
    public static final long UNKNOWN = -1;

    /** Bounds the buffer whatever the file: these files are a few KB. */
    private static final int MAX_BYTES = 1 << 20;

    /** "pid (" is at most 9 bytes (pid_max is 2^22), comm at most 64 (kernel threads; user threads 15). */
    private static final int COMM_END_LIMIT = 9 + 64 + 1;

    private final Path file;
    private final boolean keepOpen;
    private byte[] buffer;
    private RandomAccessFile channel;
    private int length = -1;
    private boolean lost;

    public KernelTextFile(Path file, int initialBytes) {
        this.file = file;
        Path absolute = file.toAbsolutePath();
        this.keepOpen = absolute.startsWith("/proc") || absolute.startsWith("/sys");
        this.buffer = new byte[initialBytes];
    }

    /** Reads the whole file again; its length in bytes, -1 if it could not be read. Never throws. */
    public int read() {
        boolean wasReadable = length >= 0;
        length = -1;
        try {
            if (channel == null) {
                channel = new RandomAccessFile(file.toFile(), "r");
            } else {
                channel.seek(0); // seq_lseek to 0: the next read makes the text afresh
            }
            int pos = 0;
            while (true) {
                if (pos == buffer.length) {
                    if (pos >= MAX_BYTES) {
                        break; // truncated: the keys looked for come early in every such file
                    }
                    buffer = java.util.Arrays.copyOf(buffer, Math.min(MAX_BYTES, pos * 2));
                }
                int n = channel.read(buffer, pos, buffer.length - pos);
                if (n <= 0) {
                    break;
                }
                pos += n;
            }
            length = pos;
        } catch (IOException | RuntimeException e) {
            // unreadable: length stays -1; a deleted cgroup answers ENODEV on the open descriptor
        } finally {
            if (length < 0 || !keepOpen) {
                close();
            }
        }
        lost = wasReadable && length < 0;
        return length;
    }

    /** Whether the last {@link #read()} failed where the one before succeeded: the file went away. */
    public boolean lost() {
        return lost;
    }

    /** Bytes of the last read; valid up to {@link #read()}'s result. */
    public byte[] bytes() {
        return buffer;
    }

    /** A file holding one number, or "max": UNKNOWN for "max", missing or malformed. */
    public long number() {
        return length < 0 ? UNKNOWN : digits(buffer, length, 0);
    }

    /**
     * Field {@code index} of a /proc stat line (a process's or a task's), numbered as proc(5) numbers them: 3 is
     * the state, 14 utime, 20 num_threads. UNKNOWN if absent or not a non-negative number. Only for fields after comm
     * (field 2, which may hold spaces and ")"), so {@code index} is at least 4: the state is a letter.
     */
    public static long statField(byte[] b, int n, int index) {
        int wanted = index - 2; // counted from the ")" that closes comm
        // the numeric fields hold no ")": the last one within the pid and a comm of at most 64
        // bytes closes comm. Looking there rather than from the end halves the loop, which runs in
        // the interpreter (once per scan)
        int i = Math.min(n, COMM_END_LIMIT) - 1;
        while (i >= 0 && b[i] != ')') {
            i--;
        }
        if (i < 0) {
            return UNKNOWN;
        }
        int field = 0;
        long value = UNKNOWN;
        for (i++; i < n; i++) {
            byte c = b[i];
            if (c == ' ' || c == '\n') { // the last field ends the line
                if (field == wanted) {
                    return value;
                }
                field++;
                value = field == wanted ? 0 : UNKNOWN;
            } else if (field == wanted) {
                if (c < '0' || c > '9') {
                    return UNKNOWN;
                }
                value = value * 10 + (c - '0');
            }
        }
        return field == wanted ? value : UNKNOWN;
    }

    /** The number after {@code key} (which carries its separator) at the start of a line; UNKNOWN if absent. */
    public long valueOf(byte[] key) {
        byte[] text = buffer;
        int k = key.length;
        outer:
        for (int line = 0; line + k <= length; ) {
            for (int i = 0; i < k; i++) {
                if (text[line + i] != key[i]) {
                    while (line < length && text[line] != '\n') {
                        line++;
                    }
                    line++;
                    continue outer;
                }
            }
            return digits(text, length, line + k);
        }
        return UNKNOWN;
    }

    private static long digits(byte[] b, int end, int p) {
        while (p < end && b[p] == ' ') {
            p++;
        }
        long v = 0;
        int start = p;
        for (; p < end && b[p] >= '0' && b[p] <= '9'; p++) {
            v = v > (Long.MAX_VALUE - 9) / 10 ? Long.MAX_VALUE : v * 10 + (b[p] - '0');
        }
        return p == start ? UNKNOWN : v;
    }

    @Override
    public void close() {
        RandomAccessFile c = channel;
        channel = null;
        closeQuietly(c);
    }

    /** Closes a kernel or fixture file, which cannot lose data; null is fine. */
    public static void closeQuietly(java.io.Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // nothing was written: nothing to lose
            }
        }
    }
}
