package dev.wrss.agent.pages;

import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Child-JVM main: maps the whole file given read-only, touches every page, prints {@code READY} and waits
 * until its stdin closes (or two minutes pass, so an orphan cannot linger).
 */
public final class SharedFileChild {

    public static void main(String[] args) throws Exception {
        try (FileChannel ch = FileChannel.open(Path.of(args[0]), StandardOpenOption.READ)) {
            MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
            long sum = 0;
            for (int i = 0; i < m.capacity(); i += 4096) {
                sum += m.get(i);
            }
            System.out.println("READY " + sum);
            System.out.flush();
            Thread watchdog =
                    new Thread(
                            () -> {
                                try {
                                    Thread.sleep(120_000);
                                } catch (InterruptedException ignored) {
                                    // exit below either way
                                }
                                System.exit(2);
                            });
            watchdog.setDaemon(true);
            watchdog.start();
            while (System.in.read() >= 0) {
                // hold the mapping until the test closes our stdin
            }
            System.out.println(m.get(0));
        }
    }
}
