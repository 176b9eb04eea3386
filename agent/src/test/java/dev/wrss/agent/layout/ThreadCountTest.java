package dev.wrss.agent.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The thread count from the leader's task stat line, against this JVM's own threads and odd comm names. */
class ThreadCountTest {

    private static int stat(String line) {
        byte[] b = line.getBytes(StandardCharsets.ISO_8859_1);
        return ThreadCount.statThreads(b, b.length);
    }

    @Test
    void numThreadsIsTheEighteenthFieldAfterComm() {
        assertEquals(
                23,
                stat(
                        "437 (java) S 410 410 9772 0 -1 4194304 545 0 0 0 0 0 0 0 20 0 23 0 5173 0 0\n"));
    }

    @Test
    void aCommWithSpacesAndParenthesesDoesNotShiftTheFields() {
        assertEquals(
                7,
                stat("12 (a) b) (c d) R 1 12 12 0 -1 4194304 5 0 0 0 0 0 0 0 20 0 7 0 99 0 0\n"));
    }

    @Test
    void aTruncatedLineHasNoCount() {
        assertEquals(-1, stat("12 (x) R 1 12 12 0 -1 4194304 5 0 0"));
        assertEquals(-1, stat("no parenthesis at all"));
    }

    @Test
    void followsThisJvmsThreadsAsTheyStartAndEnd() throws Exception {
        ThreadCount count =
                new ThreadCount(
                        Path.of("/proc").resolve(Long.toString(ProcessHandle.current().pid())));
        agreesWithStatus(count);
        CountDownLatch started = new CountDownLatch(3);
        CountDownLatch release = new CountDownLatch(1);
        Thread[] threads = new Thread[3];
        for (int i = 0; i < threads.length; i++) {
            threads[i] =
                    new Thread(
                            () -> {
                                started.countDown();
                                try {
                                    release.await();
                                } catch (InterruptedException ignored) {
                                    // ends either way
                                }
                            });
            threads[i].start();
        }
        started.await();
        int during = agreesWithStatus(count);
        release.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertTrue(during >= 3 + 1, "3 started threads plus this one: " + during);
        // join() returns when the Java thread ends; the kernel task ends a moment later
        int after = agreesWithStatus(count);
        for (long deadline = System.nanoTime() + 5_000_000_000L;
                after >= during && System.nanoTime() < deadline; ) {
            Thread.sleep(10);
            after = agreesWithStatus(count);
        }
        assertTrue(after < during, "the 3 threads ended: " + during + " -> " + after);
    }

    /**
     * The count, once it equals the status file's Threads line read between two of its readings: compiler and
     * GC threads may come and go between any two reads, so a disagreement is retried, not trusted.
     */
    private static int agreesWithStatus(ThreadCount count) throws Exception {
        String seen = "";
        for (int attempt = 0; attempt < 100; attempt++) {
            int a = count.threads();
            int s = statusThreads();
            int b = count.threads();
            if (a == s && s == b) {
                return a;
            }
            seen += " " + a + "/" + s + "/" + b;
            Thread.sleep(10);
        }
        throw new AssertionError("stat and status never agreed:" + seen);
    }

    @Test
    void withoutATaskDirectoryTheStatusFileAnswers(@TempDir Path root) throws Exception {
        Path pid = Files.createDirectories(root.resolve("4242"));
        Files.writeString(
                pid.resolve("status"), "Name:\tjava\nUmask:\t0022\nThreads:\t31\nSigQ:\t0/1\n");
        assertEquals(31, new ThreadCount(pid).threads());
    }

    private static int statusThreads() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("Threads:")) {
                return Integer.parseInt(line.substring(8).trim());
            }
        }
        throw new AssertionError("no Threads line");
    }
}
