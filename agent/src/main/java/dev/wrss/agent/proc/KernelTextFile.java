package dev.wrss.agent.proc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One small kernel text file (statm, a task's stat, memory.stat, memory.current, /proc/vmstat ...) read whole into a
 * reused buffer, and its numbers parsed from the bytes. Under /proc or /sys the file stays open and each read
 * is a pread at 0, which makes the kernel regenerate the text; a file elsewhere (a fixture tree) can be
 * replaced between reads, so it is reopened each time, as {@code SmapsReader} does.
 */
public final class KernelTextFile implements AutoCloseable {

    /** What {@link #number()} and {@link #valueOf} return for a value that is absent or unreadable. */
    public static final long UNKNOWN = -1;

    /** Bounds the buffer whatever the file: these files are a few KB. */
    private static final int MAX_BYTES = 1 << 20;

    private final Path file;
    private final boolean keepOpen;
    private ByteBuffer buffer;
    private FileChannel channel;
    private int length = -1;
    private boolean lost;

    public KernelTextFile(Path file, int initialBytes) {
        this.file = file;
        Path absolute = file.toAbsolutePath();
        this.keepOpen = absolute.startsWith("/proc") || absolute.startsWith("/sys");
        this.buffer = ByteBuffer.allocate(initialBytes);
    }

    /** Reads the whole file again; its length in bytes, -1 if it could not be read. Never throws. */
    public int read() {
        boolean wasReadable = length >= 0;
        length = -1;
        try {
            if (channel == null) {
                channel = FileChannel.open(file, StandardOpenOption.READ);
            }
            int pos = 0;
            while (true) {
                if (pos == buffer.capacity()) {
                    if (pos >= MAX_BYTES) {
                        break; // truncated: the keys looked for come early in every such file
                    }
                    ByteBuffer bigger = ByteBuffer.allocate(Math.min(MAX_BYTES, pos * 2));
                    bigger.put(buffer.array(), 0, pos);
                    buffer = bigger;
                }
                buffer.limit(buffer.capacity()).position(pos);
                // a positional read moves the buffer's position, not the file's: the offset is ours to pass
                int n = channel.read(buffer, pos);
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
        return buffer.array();
    }

    /** A file holding one number, or "max": UNKNOWN for "max", missing or malformed. */
    public long number() {
        return length < 0 ? UNKNOWN : digits(buffer.array(), length, 0);
    }

    /** The number after {@code key} (which carries its separator) at the start of a line; UNKNOWN if absent. */
    public long valueOf(byte[] key) {
        byte[] text = buffer.array();
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
        FileChannel c = channel;
        channel = null;
        closeQuietly(c);
    }

    /** Closes a channel of a kernel or fixture file, which cannot lose data; null is fine. */
    public static void closeQuietly(java.nio.channels.Channel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // nothing was written: nothing to lose
            }
        }
    }
}
