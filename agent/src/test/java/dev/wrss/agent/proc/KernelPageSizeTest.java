package dev.wrss.agent.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelPageSizeTest {

    /** An auxv of (type, value) native longs: AT_HWCAP, AT_PAGESZ, AT_NULL. */
    private static Path auxv(Path proc, long pageSize) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(48).order(ByteOrder.nativeOrder());
        b.putLong(16).putLong(0xbfebfbffL).putLong(6).putLong(pageSize).putLong(0).putLong(0);
        Files.createDirectories(proc.resolve("self"));
        return Files.write(proc.resolve("self/auxv"), b.array());
    }

    @Test
    void readsThePageSizeFromAuxvAsAKernelWithLargerPagesWouldWriteIt(@TempDir Path proc)
            throws IOException {
        auxv(proc, 65536); // arm64 and ppc64 kernels: this machine has 4 KiB pages only
        assertEquals(65536, KernelPageSize.read(proc));
    }

    @Test
    void fallsBackTo4KiBWhenAuxvIsMissingOrNonsense(@TempDir Path proc) throws IOException {
        assertEquals(4096, KernelPageSize.read(proc), "no auxv (a fixture tree)");
        auxv(proc, 3000);
        assertEquals(4096, KernelPageSize.read(proc), "not a power of two");
    }

    @Test
    void thisMachinesPageSizeIsWhatTheJvmSays() {
        // an oracle outside wrss: HotSpot's own os::vm_page_size, as the NIO page size
        int jvm = jvmPageSize();
        assertEquals(jvm, KernelPageSize.read(Path.of("/proc")));
    }

    @Test
    void seqFileReadsLeaveRoomForAMappingOf768BytesInThePage() {
        assertEquals(4096 - 768, KernelPageSize.seqFileReadBytes(4096));
        assertEquals(16384 - 768, KernelPageSize.seqFileReadBytes(16384));
        assertEquals(65536 - 768, KernelPageSize.seqFileReadBytes(65536));
        assertEquals(
                4096 - 768,
                KernelPageSize.seqFileReadBytes(0),
                "an unknown page size reads as 4 KiB");
    }

    private static int jvmPageSize() {
        try {
            java.lang.reflect.Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return ((sun.misc.Unsafe) f.get(null)).pageSize();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
