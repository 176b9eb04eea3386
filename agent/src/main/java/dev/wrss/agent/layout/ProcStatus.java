package dev.wrss.agent.layout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The {@code Threads:} count of /proc/PID/status, read into a reused buffer without allocating: the cheap
 * signal that threads came or went. A file under /proc stays open and is read with a pread at 0, which the
 * kernel answers with fresh text (as {@code StatmReader} does); a fixture file elsewhere is reopened each time.
 */
final class ProcStatus {

    private static final byte[] KEY = "\nThreads:".getBytes();

    private final Path file;
    private final boolean keepOpen;
    private final ByteBuffer buffer = ByteBuffer.allocate(8192);
    private FileChannel channel;

    ProcStatus(Path file) {
        this.file = file;
        this.keepOpen = file.toAbsolutePath().startsWith(Path.of("/proc"));
    }

    /** The number of threads, or -1 if the file cannot be read. */
    int threads() {
        buffer.clear();
        boolean ok = false;
        int value = -1;
        try {
            if (channel == null) {
                channel = FileChannel.open(file, StandardOpenOption.READ);
            }
            int n;
            // status is about 1.5 KB and one read returns it whole. Read on only while the Threads line is not
            // complete: each further pread at a non-zero offset makes the kernel generate the whole text again.
            while (buffer.hasRemaining() && (n = channel.read(buffer, buffer.position())) > 0) {
                buffer.position(buffer.position() + n);
                value = parse(buffer.array(), buffer.position(), false);
                if (value >= 0) {
                    break;
                }
            }
            if (value < 0) {
                value = parse(buffer.array(), buffer.position(), true);
            }
            ok = true;
        } catch (IOException | RuntimeException e) {
            return -1;
        } finally {
            if (!ok || !keepOpen) {
                close(); // the process may be gone: start clean next time
            }
        }
        return value;
    }

    /** The value of a complete Threads line within the first {@code n} bytes (the last may end at EOF), else -1. */
    private static int parse(byte[] b, int n, boolean eof) {
        outer:
        for (int i = 0; i + KEY.length < n; i++) {
            if (b[i] != '\n' || b[i + 1] != 'T') {
                continue;
            }
            for (int k = 2; k < KEY.length; k++) {
                if (b[i + k] != KEY[k]) {
                    continue outer;
                }
            }
            int value = 0;
            for (int j = i + KEY.length; j < n; j++) {
                if (b[j] == '\n') {
                    return value;
                }
                if (b[j] >= '0' && b[j] <= '9') {
                    value = value * 10 + (b[j] - '0');
                }
            }
            return eof ? value : -1; // else the line may go on beyond what was read
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
