package dev.wrss.bench;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Builds the process shapes the benchmarks scan, inside the benchmark JVM itself: parked threads (one stack
 * mapping and a guard each) and small files mapped once each. The 4 GiB heap shape comes from the fork's
 * -Xms4g -XX:+AlwaysPreTouch, not from here.
 */
final class Shapes implements AutoCloseable {

    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Thread> threads = new ArrayList<>();
    private final List<MappedByteBuffer> maps = new ArrayList<>();
    private Path dir;

    static Shapes create(String shape) throws IOException, InterruptedException {
        Shapes s = new Shapes();
        switch (shape) {
            case "small", "heap4g" -> {}
            case "threads2000" -> s.threads(2000);
            case "files10000" -> s.files(10_000);
            default -> throw new IllegalArgumentException(shape);
        }
        return s;
    }

    private void threads(int n) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            Thread t =
                    new Thread(
                            () -> {
                                started.countDown();
                                try {
                                    release.await();
                                } catch (InterruptedException ignored) {
                                    // shape torn down
                                }
                            },
                            "shape-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        started.await();
    }

    /** Each file is 4 KiB, mapped read-only and touched once, so it is one resident file mapping. */
    private void files(int n) throws IOException {
        dir = Files.createTempDirectory("wrss-shape");
        byte[] page = new byte[4096];
        long sink = 0;
        for (int i = 0; i < n; i++) {
            Path f = dir.resolve("f" + i);
            Files.write(f, page);
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
                MappedByteBuffer b = ch.map(FileChannel.MapMode.READ_ONLY, 0, page.length);
                sink += b.get(0);
                maps.add(b);
            }
        }
        if (sink != 0) {
            throw new IllegalStateException("files were written as zeros");
        }
    }

    @Override
    public void close() throws IOException {
        release.countDown();
        maps.clear();
        if (dir != null) {
            try (var files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }
}
