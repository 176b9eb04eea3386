package dev.wrss.agent.layout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A process's /proc/PID/task directory and the two small files a thread's stack and name are read from,
 * through one kept buffer. Not thread-safe.
 */
final class TaskFiles {

    private final Path task;
    private final ByteBuffer small = ByteBuffer.allocate(512);

    TaskFiles(Path procPid) {
        this.task = procPid.resolve("task");
    }

    /** The directory holding one entry per thread, named by its tid. */
    Path dir() {
        return task;
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

    /** A thread's comm (its name, cut to 15 bytes), or "?" if it cannot be read. */
    String comm(long tid) {
        String text = readSmall(task.resolve(Long.toString(tid)).resolve("comm"));
        return text == null ? "?" : text.trim();
    }

    private String readSmall(Path file) {
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
