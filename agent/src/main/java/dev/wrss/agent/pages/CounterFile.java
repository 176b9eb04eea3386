package dev.wrss.agent.pages;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One small kernel text file of counters (memory.stat, memory.current, /proc/vmstat ...) read whole into a
 * reused buffer, and its numbers parsed from the bytes. Under /proc or /sys the file stays open and each read
 * is a pread at 0, which makes the kernel regenerate the text; a file elsewhere (a fixture tree) can be
 * replaced between reads, so it is reopened each time, as {@code SmapsReader} does.
 */
final class CounterFile implements AutoCloseable {

    /** Bounds the buffer whatever the file: these files are a few KB. */
    private static final int MAX_BYTES = 1 << 20;

    private final Path file;
    private final boolean keepOpen;
    private ByteBuffer buffer;
    private FileChannel channel;
    private int length = -1;
    private boolean lost;

    CounterFile(Path file, int initialBytes) {
        this.file = file;
        Path absolute = file.toAbsolutePath();
        this.keepOpen = absolute.startsWith("/proc") || absolute.startsWith("/sys");
        this.buffer = ByteBuffer.allocate(initialBytes);
    }

    /** Reads the whole file again; its length in bytes, -1 if it could not be read. Never throws. */
    int read() {
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
    boolean lost() {
        return lost;
    }

    /** Bytes of the last read; valid up to {@link #read()}'s result. */
    byte[] bytes() {
        return buffer.array();
    }

    /** A file holding one number, or "max": UNKNOWN for "max", missing or malformed. */
    long number() {
        return length < 0 ? SystemMemory.UNKNOWN : digits(buffer.array(), length, 0);
    }

    /** The number after {@code key} (which carries its separator) at the start of a line; UNKNOWN if absent. */
    long valueOf(byte[] key) {
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
        return SystemMemory.UNKNOWN;
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
        return p == start ? SystemMemory.UNKNOWN : v;
    }

    @Override
    public void close() {
        FileChannel c = channel;
        channel = null;
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing a kernel or fixture file cannot lose data
            }
        }
    }
}
