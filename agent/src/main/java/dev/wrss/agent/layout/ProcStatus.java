package dev.wrss.agent.layout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The {@code Threads:} count of /proc/PID/status, read into a reused buffer without allocating: the cheap
 * signal that threads came or went.
 */
final class ProcStatus {

    private static final byte[] KEY = "\nThreads:".getBytes();

    private final Path file;
    private final ByteBuffer buffer = ByteBuffer.allocate(8192);

    ProcStatus(Path file) {
        this.file = file;
    }

    /** The number of threads, or -1 if the file cannot be read. */
    int threads() {
        buffer.clear();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (buffer.hasRemaining() && ch.read(buffer) > 0) {
                // status is about 1.5 KB; the buffer holds it whole
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        byte[] b = buffer.array();
        int n = buffer.position();
        outer:
        for (int i = 0; i + KEY.length < n; i++) {
            for (int k = 0; k < KEY.length; k++) {
                if (b[i + k] != KEY[k]) {
                    continue outer;
                }
            }
            int value = 0;
            for (int j = i + KEY.length; j < n && b[j] != '\n'; j++) {
                if (b[j] >= '0' && b[j] <= '9') {
                    value = value * 10 + (b[j] - '0');
                }
            }
            return value;
        }
        return -1;
    }
}
