package dev.wrss.agent.proc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Against the kernel itself: how much text one read of this process's smaps returns, before and after. */
class SeqFileBufferTest {

    private static final int PAGE = KernelPageSize.read(Path.of("/proc"));

    @Test
    void widenedSmapsHandsOutTwoPagesAReadForTheLifeOfTheFileAndLeavesNoMappingOrFileBehind(@TempDir Path tmp)
            throws IOException {
        assumeTrue(PAGE == 4096, "the kernel's page is " + PAGE + " bytes: its buffer already holds any mapping");
        try (FileChannel widened = FileChannel.open(Path.of("/proc/self/smaps"));
             FileChannel plain = FileChannel.open(Path.of("/proc/self/smaps"))) {
            assertTrue(longestRead(plain) <= PAGE, "a plain open file's reads: one page at most");
            int ask = SeqFileBuffer.widen(widened, tmp, PAGE);
            assertEquals(KernelPageSize.seqFileReadBytes(2 * PAGE), ask);
            for (int round = 0; round < 3; round++) { // rewound, the file keeps its buffer
                int longest = longestRead(widened);
                assertTrue(longest > PAGE && longest <= 2 * PAGE, "round " + round + ": longest read " + longest);
            }
            assertTrue(longestRead(plain) <= PAGE, "another open file's buffer is its own");
        }
        try (var left = Files.list(tmp)) {
            assertEquals(0, left.count(), "the long path's directories are deleted");
        }
        assertFalse(Files.readString(Path.of("/proc/self/maps"), StandardCharsets.ISO_8859_1).contains(tmp.toString()),
                "the long path's page is unmapped");
    }

    @Test
    void aTmpDirThatCannotBeUsedLeavesTheBufferAsItWas(@TempDir Path tmp) throws IOException {
        try (FileChannel smaps = FileChannel.open(Path.of("/proc/self/smaps"))) {
            assertEquals(KernelPageSize.seqFileReadBytes(PAGE), SeqFileBuffer.widen(smaps, tmp.resolve("gone"), PAGE));
            assertTrue(longestRead(smaps) <= PAGE);
        }
    }

    @Test
    void aLargerPageIsLeftAlone(@TempDir Path tmp) throws IOException {
        try (FileChannel smaps = FileChannel.open(Path.of("/proc/self/smaps"))) {
            assertEquals(KernelPageSize.seqFileReadBytes(65536), SeqFileBuffer.widen(smaps, tmp, 65536));
        }
        try (var left = Files.list(tmp)) {
            assertEquals(0, left.count(), "nothing created");
        }
    }

    /** The most one read returned, asking 64 KiB each time, from the start to the end. */
    private static int longestRead(FileChannel smaps) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(64 * 1024);
        smaps.position(0);
        int longest = 0;
        for (int n; (n = smaps.read(b.clear())) >= 0; ) {
            longest = Math.max(longest, n);
        }
        return longest;
    }

    /**
     * A reader whose file is reopened after a failed read reads it by the page, and widens it only ten minutes
     * after the last widening: every scan could fail. Only this process's own smaps ("self") is widened.
     */
    @Test
    void theAgentsReaderWidensItsOwnSmapsAndAReopenedFileOnlyTenMinutesLater() throws IOException {
        assumeTrue(PAGE == 4096, "the kernel's page is " + PAGE + " bytes: nothing to widen");
        long[] now = {0};
        int wide = KernelPageSize.seqFileReadBytes(2 * PAGE);
        int plain = KernelPageSize.seqFileReadBytes(PAGE);
        try (SmapsReader reader = new SmapsReader(Path.of("/proc"), "self", true, () -> now[0]);
             SmapsReader other = new SmapsReader(Path.of("/proc"), Long.toString(ProcessHandle.current().pid()))) {
            reader.read(m -> { });
            assertEquals(wide, reader.readBytes());
            failOnce(reader);
            now[0] += 599_000_000_000L;
            reader.read(m -> { });
            assertEquals(plain, reader.readBytes(), "reopened 9 min 59 s later: by the page");
            now[0] += 2_000_000_000L;
            reader.read(m -> { });
            assertEquals(wide, reader.readBytes(), "the same file, 10 min 1 s after the widening");
            failOnce(reader);
            reader.read(m -> { });
            assertEquals(plain, reader.readBytes(), "reopened at once");
            other.read(m -> { });
            assertEquals(plain, other.readBytes(), "another process's smaps, by pid");
        }
    }

    private static void failOnce(SmapsReader reader) throws IOException {
        try {
            reader.read(m -> {
                throw new IllegalStateException("a sink that fails, as a bug would");
            });
        } catch (IllegalStateException expected) {
            return; // the reader closed its file
        }
        throw new AssertionError("the sink did not fail");
    }
}
