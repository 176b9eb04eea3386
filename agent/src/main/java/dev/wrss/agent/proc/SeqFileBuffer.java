package dev.wrss.agent.proc;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

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
     * Widens the seq_file buffer of {@code ownSmaps}, an open /proc/self/smaps (numa_maps prints too little of a
     * mapping for this to work there), and returns how much to ask of each read from now on:
     * {@link KernelPageSize#seqFileReadBytes} of the doubled buffer, or of the page if it did not double
     * (another page size, a read-only {@code tmpDir}...). Leaves the channel at an unknown position; never
     * throws. Runs on a short-lived thread of its own, and returns when that has ended.
     */
    public static int widen(FileChannel ownSmaps, Path tmpDir, int kernelPageBytes) {
        int unchanged = KernelPageSize.seqFileReadBytes(kernelPageBytes);
        if (kernelPageBytes != PAGE) {
            return unchanged; // a 64 KiB page already holds the longest mapping's text
        }
        // On a thread of its own, which ends with it: the JDK caches a thread's last native path buffers with
        // their paths (3 of ~3.7 KB each, off and on the heap) and its temporary direct buffers; the scanning
        // thread, which lives as long as the agent, would otherwise keep them.
        int[] readBytes = {unchanged};
        try {
            Thread helper = new Thread(() -> readBytes[0] = widenHere(ownSmaps, tmpDir, unchanged),
                    "wrss-seq-buffer");
            helper.setDaemon(true);
            helper.start();
            boolean interrupted = false;
            while (true) {
                try {
                    helper.join(); // never returns first: the helper reads the same open file as the caller
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        } catch (RuntimeException | OutOfMemoryError e) {
            return unchanged; // no thread to be had ("unable to create native thread")
        }
        return readBytes[0];
    }

    private static int widenHere(FileChannel ownSmaps, Path tmpDir, int unchanged) {
        List<Path> made = new ArrayList<>(); // to delete, last first
        try {
            Unmapper unmapper = new Unmapper();
            // not Files.createTempDirectory: its SecureRandom would keep the security providers (~80 KB) on the
            // host's heap. A directory is created only if nothing is at its name, so a guessed one costs the
            // widening, no more; what is made inside it is the agent's own (0700)
            Path file = Files.createDirectory(tmpDir.resolve("wrss-seq-buffer-" + ProcessHandle.current().pid() + "-"
                            + Long.toHexString(ThreadLocalRandom.current().nextLong())),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            made.add(file);
            while (file.toString().length() < PATH_BYTES - 256) {
                file = Files.createDirectory(file.resolve("d".repeat(250)));
                made.add(file);
            }
            file = file.resolve("p".repeat(Math.max(1, PATH_BYTES - file.toString().length() - 1)));
            Files.write(file, new byte[PAGE]);
            made.add(file);
            boolean doubled;
            try (FileChannel page = FileChannel.open(file, StandardOpenOption.READ)) {
                Object mapped = unmapper.mapOnePage(page);
                try {
                    doubled = readUntilDoubled(ownSmaps);
                } finally {
                    unmapper.unmap(mapped);
                }
            }
            return doubled ? KernelPageSize.seqFileReadBytes(2 * PAGE) : unchanged;
        } catch (Throwable e) {
            return unchanged; // on the helper thread, which ends here: nothing reaches the host
        } finally {
            for (int i = made.size() - 1; i >= 0; i--) {
                try {
                    Files.deleteIfExists(made.get(i));
                } catch (IOException | RuntimeException e) {
                    // a temporary directory: left for the system to clean
                }
            }
        }
    }

    /**
     * Reads from the start until one read returns more than a page: the buffer has doubled. Asks two pages a
     * read, no more.
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

    /**
     * Maps one page of a file so that it can be unmapped at once, not when a collection gets to it: through an
     * {@code Arena} on JDK 22+, {@code Unsafe.invokeCleaner} before. Looked up by method handles, not
     * reflection, which would keep every public method of the class searched (Unsafe has ~100) cached.
     */
    private static final class Unmapper {

        private final MethodHandle ofConfined; // JDK 22+
        private final MethodHandle mapInArena;
        private final MethodHandle invokeCleaner; // before, bound to the Unsafe

        /** Throws if this JDK has no way to unmap at once. */
        Unmapper() throws ReflectiveOperationException {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            if (Integer.parseInt(System.getProperty("java.specification.version")) >= 22) {
                Class<?> arena = Class.forName("java.lang.foreign.Arena");
                ofConfined = lookup.findStatic(arena, "ofConfined", MethodType.methodType(arena));
                mapInArena = lookup.findVirtual(FileChannel.class, "map", MethodType.methodType(
                        Class.forName("java.lang.foreign.MemorySegment"), FileChannel.MapMode.class, long.class,
                        long.class, arena));
                invokeCleaner = null;
            } else {
                Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
                // jdk.unsupported opens sun.misc to everyone
                Object unsafe = MethodHandles.privateLookupIn(unsafeClass, MethodHandles.lookup())
                        .findStaticVarHandle(unsafeClass, "theUnsafe", unsafeClass).get();
                invokeCleaner = lookup.findVirtual(unsafeClass, "invokeCleaner",
                        MethodType.methodType(void.class, ByteBuffer.class)).bindTo(unsafe);
                ofConfined = null;
                mapInArena = null;
            }
        }

        /** The arena the page is mapped in, or the buffer it is mapped as: what {@link #unmap} takes. */
        Object mapOnePage(FileChannel file) throws Throwable {
            if (invokeCleaner != null) {
                return file.map(FileChannel.MapMode.READ_ONLY, 0, PAGE);
            }
            AutoCloseable arena = (AutoCloseable) ofConfined.invoke();
            try {
                mapInArena.invoke(file, FileChannel.MapMode.READ_ONLY, 0L, (long) PAGE, arena);
            } catch (Throwable e) {
                arena.close();
                throw e;
            }
            return arena;
        }

        void unmap(Object mapped) throws Throwable {
            if (invokeCleaner != null) {
                invokeCleaner.invoke((ByteBuffer) mapped);
            } else {
                ((AutoCloseable) mapped).close(); // closing the arena unmaps
            }
        }
    }
}
