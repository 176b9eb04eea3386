package dev.wrss.agent.proc;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Doubles the kernel's seq_file buffer behind this process's own open smaps file, so that each read hands out
 * twice the text: half the system calls, and half the times the kernel takes the memory-map lock and looks
 * the next mapping up again, for the life of the open file.
 *
 * <p>The kernel formats smaps into a one-page buffer, and doubles it only when a single mapping's text does not
 * fit in it; the larger buffer then stays with the open file, rewinds included. No ordinary mapping's text comes
 * near a page, but one whose path is ~3,700 bytes long does. So this maps a page of a file created at such a
 * path (read-only, never touched: no memory resident), reads the open smaps until a read returns more than a
 * page (the buffer has doubled), then unmaps the page and deletes the file and its directories: one mapping,
 * there for one partial read. Unmapping takes an {@code Arena} on JDK 22 and later, {@code Unsafe.invokeCleaner}
 * before (JDK 24+ prints a warning for that one; it is not used there); without either, nothing is mapped. Anything
 * that fails leaves the buffer as it was, and the reads at their page-derived size.
 * Measured in docs/benchmarks.md §1.
 */
public final class SeqFileBuffer {

    /** The path's length: its mapping's text, header and fields, is then well over a 4 KiB page. */
    private static final int PATH_BYTES = 3_700;
    private static final int PAGE = 4096;

    private SeqFileBuffer() {
    }

    /** {@link #widen(FileChannel, Path, int)} with its file under {@code java.io.tmpdir}. */
    public static int widen(FileChannel ownSmaps, int kernelPageBytes) {
        Path tmpDir;
        try {
            tmpDir = Path.of(System.getProperty("java.io.tmpdir", "/tmp"));
        } catch (RuntimeException e) {
            return KernelPageSize.seqFileReadBytes(kernelPageBytes);
        }
        return widen(ownSmaps, tmpDir, kernelPageBytes);
    }

    /**
     * Widens the seq_file buffer of {@code ownSmaps}, an open /proc/self/smaps (numa_maps prints too little of
     * a mapping for this to work there), and
     * returns how much to ask of each read from now on: {@link KernelPageSize#seqFileReadBytes} of the
     * doubled buffer, or of the page if it did not double (another page size, a read-only {@code tmpDir}...).
     * Leaves the channel at an unknown position; never throws.
     */
    public static int widen(FileChannel ownSmaps, Path tmpDir, int kernelPageBytes) {
        int unchanged = KernelPageSize.seqFileReadBytes(kernelPageBytes);
        if (kernelPageBytes != PAGE) {
            return unchanged; // a 64 KiB page already holds the longest mapping's text
        }
        Path dir = null;
        try {
            Unmapper unmapper = Unmapper.available();
            dir = Files.createTempDirectory(tmpDir, "wrss-seq-buffer-");
            Path file = dir;
            while (file.toString().length() < PATH_BYTES - 256) {
                file = file.resolve("d".repeat(250));
            }
            Files.createDirectories(file);
            file = file.resolve("p".repeat(Math.max(1, PATH_BYTES - file.toString().length() - 1)));
            Files.write(file, new byte[PAGE]);
            boolean doubled;
            try (FileChannel page = FileChannel.open(file, StandardOpenOption.READ);
                 AutoCloseable mapped = unmapper.mapOnePage(page)) {
                doubled = readUntilDoubled(ownSmaps);
            }
            return doubled ? KernelPageSize.seqFileReadBytes(2 * PAGE) : unchanged;
        } catch (Exception | LinkageError e) {
            return unchanged;
        } finally {
            deleteTree(dir);
        }
    }

    /**
     * Reads from the start until one read returns more than a page: the buffer has doubled. Asks two pages a
     * read, no more, so that NIO's per-thread cache keeps no larger direct buffer than the scan's reads need.
     */
    private static boolean readUntilDoubled(FileChannel smaps) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(2 * PAGE);
        smaps.position(0);
        while (true) {
            int n = smaps.read(b.clear());
            if (n < 0) {
                return false;
            }
            if (n > PAGE) {
                return true;
            }
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // a temporary directory: left for the system to clean
                }
            });
        } catch (IOException | RuntimeException e) {
            // as above
        }
    }

    /** Maps one page of a file so that it can be unmapped at once, not when a collection gets to it. */
    private interface Unmapper {

        AutoCloseable mapOnePage(FileChannel file) throws Exception;

        /** The JDK's way to unmap at once; throws if it has none. */
        static Unmapper available() throws ReflectiveOperationException {
            if (Runtime.version().feature() >= 22) {
                Class<?> arenaClass = Class.forName("java.lang.foreign.Arena");
                Method ofConfined = arenaClass.getMethod("ofConfined");
                Method map = FileChannel.class.getMethod("map", FileChannel.MapMode.class, long.class, long.class,
                        arenaClass);
                return file -> {
                    AutoCloseable arena = (AutoCloseable) ofConfined.invoke(null); // closing it unmaps
                    try {
                        map.invoke(file, FileChannel.MapMode.READ_ONLY, 0L, (long) PAGE, arena);
                    } catch (Exception e) {
                        arena.close();
                        throw e;
                    }
                    return arena;
                };
            }
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field theUnsafe = unsafeClass.getDeclaredField("theUnsafe");
            theUnsafe.setAccessible(true);
            Object unsafe = theUnsafe.get(null);
            Method invokeCleaner = unsafeClass.getMethod("invokeCleaner", ByteBuffer.class);
            return file -> {
                ByteBuffer mapped = file.map(FileChannel.MapMode.READ_ONLY, 0, PAGE);
                return () -> invokeCleaner.invoke(unsafe, mapped);
            };
        }
    }
}
