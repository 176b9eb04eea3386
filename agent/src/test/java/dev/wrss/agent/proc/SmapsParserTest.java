package dev.wrss.agent.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SmapsParserTest {

    /** A copy of what the sink saw, since the parser reuses its Mapping. */
    record Seen(
            long start,
            long end,
            int perms,
            long offset,
            long inode,
            String path,
            boolean deleted,
            long size,
            long rss,
            long pss,
            long uss,
            long swap,
            long swapPss,
            long anonHuge,
            long vmFlags) {
        static Seen of(Mapping m) {
            return new Seen(
                    m.start(),
                    m.end(),
                    m.perms(),
                    m.offset(),
                    m.inode(),
                    m.pathString(),
                    m.deleted(),
                    m.sizeBytes(),
                    m.rssBytes(),
                    m.pssBytes(),
                    m.ussBytes(),
                    m.swapBytes(),
                    m.swapPssBytes(),
                    m.anonHugePagesBytes(),
                    m.vmFlags());
        }
    }

    static List<Seen> parse(String text) {
        List<Seen> out = new ArrayList<>();
        new SmapsParser().parse(text.getBytes(StandardCharsets.UTF_8), m -> out.add(Seen.of(m)));
        return out;
    }

    static byte[] fixture(String name) throws IOException {
        try (InputStream in =
                new GZIPInputStream(
                        SmapsParserTest.class.getResourceAsStream("/smaps/" + name + ".gz"))) {
            return in.readAllBytes();
        }
    }

    /** A deliberately naive reference parse (split per line) to check the byte parser against. */
    static Map<String, Long> naiveTotals(String text) {
        Map<String, Long> t = new HashMap<>();
        long headers = 0;
        for (String line : text.split("\n")) {
            if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
                headers++;
                continue;
            }
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 3 && parts[2].equals("kB")) {
                t.merge(parts[0], Long.parseLong(parts[1]) * 1024, Long::sum);
            }
        }
        t.put("mappings", headers);
        return t;
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"jdk17-g1.smaps", "jdk17-zgc.smaps", "jdk25-g1.smaps", "jdk25-zgc.smaps"})
    void realCapturesAddUpLikeANaiveParse(String name) throws IOException {
        byte[] text = fixture(name);
        Map<String, Long> expected = naiveTotals(new String(text, StandardCharsets.UTF_8));
        long[] sums = new long[6];
        int[] count = {0};
        SmapsParser parser = new SmapsParser();
        parser.parse(
                text,
                m -> {
                    count[0]++;
                    sums[0] += m.sizeBytes();
                    sums[1] += m.rssBytes();
                    sums[2] += m.pssBytes();
                    sums[3] += m.privateCleanBytes() + m.privateDirtyBytes();
                    sums[4] += m.swapBytes();
                    sums[5] += m.virtualBytes();
                });
        assertEquals(expected.get("mappings"), count[0]);
        assertEquals(expected.get("Size:"), sums[0]);
        assertEquals(expected.get("Size:"), sums[5], "Size equals end - start");
        assertEquals(expected.get("Rss:"), sums[1]);
        assertEquals(expected.get("Pss:"), sums[2]);
        assertEquals(expected.get("Private_Clean:") + expected.get("Private_Dirty:"), sums[3]);
        assertEquals(expected.get("Swap:"), sums[4]);
        assertEquals(0, parser.malformedLines());
    }

    @Test
    void zgcHeapPathKeepsItsDeletedSuffix() throws IOException {
        List<Seen> seen = new ArrayList<>();
        new SmapsParser().parse(fixture("jdk17-zgc.smaps"), m -> seen.add(Seen.of(m)));
        List<Seen> views =
                seen.stream().filter(s -> s.path().startsWith("/memfd:java_heap")).toList();
        assertTrue(
                views.size() >= 3,
                "non-generational ZGC maps its heap at three views: " + views.size());
        assertTrue(views.stream().allMatch(Seen::deleted));
        assertTrue(views.stream().allMatch(s -> (s.perms() & Mapping.SHARED) != 0));
    }

    @Test
    void headerFieldsAndPathsWithSpacesAndDeletedSuffix() {
        List<Seen> seen =
                parse(
                        """
                7f0000000000-7f0000002000 rw-s 0001a000 fd:01 123456                     /tmp/my data file.bin (deleted)
                Size:                  8 kB
                Rss:                   8 kB
                Pss:                   4 kB
                Pss_Dirty:             4 kB
                Private_Clean:         0 kB
                Private_Dirty:         4 kB
                VmFlags: rd wr sh mr mw me ms sd
                7f0000002000-7f0000003000 ---p 00000000 00:00 0
                Size:                  4 kB
                Rss:                   0 kB
                7f0000003000-7f0000004000 rw-p 00000000 00:00 0                          [anon:glibc: malloc arena]
                Rss:                   4 kB
                """);
        assertEquals(3, seen.size());
        Seen file = seen.get(0);
        assertEquals(0x7f0000000000L, file.start());
        assertEquals(0x7f0000002000L, file.end());
        assertEquals(Mapping.READ | Mapping.WRITE | Mapping.SHARED, file.perms());
        assertEquals(0x1a000, file.offset());
        assertEquals(123456, file.inode());
        assertEquals("/tmp/my data file.bin (deleted)", file.path());
        assertTrue(file.deleted());
        assertEquals(4096, file.pss(), "Pss_Dirty must not overwrite Pss");
        assertEquals(4096, file.uss());
        assertTrue((file.vmFlags() & VmFlags.SHARED) != 0);
        assertEquals("", seen.get(1).path());
        assertEquals(
                Mapping.ABSENT, seen.get(1).pss(), "a field the kernel did not print is absent");
        assertEquals("[anon:glibc: malloc arena]", seen.get(2).path());
    }

    @Test
    void fieldsAnOlderKernelLacksAreAbsentNotZero() {
        Seen s =
                parse(
                                """
                00400000-00401000 r-xp 00000000 08:01 42 /bin/x
                Size:                  4 kB
                Rss:                   4 kB
                Pss:                   4 kB
                """)
                        .get(0);
        assertEquals(Mapping.ABSENT, s.swapPss());
        assertEquals(Mapping.ABSENT, s.swap());
        assertEquals(0, s.vmFlags());
    }

    @Test
    void veryLargeValuesParseAndOverflowingOnesAreRejected() {
        List<Seen> seen =
                parse(
                        """
                7f0000000000-7fff00000000 rw-p 00000000 00:00 0
                Size:         137438953472 kB
                Rss:          9007199254740992 kB
                Pss:          99999999999999999999 kB
                """);
        assertEquals(137438953472L * 1024, seen.get(0).size());
        assertEquals(
                Mapping.ABSENT,
                seen.get(0).rss(),
                "more than Long.MAX_VALUE bytes is not a number");
        assertEquals(Mapping.ABSENT, seen.get(0).pss());
    }

    @Test
    void garbageLinesAreCountedAndSkipped() {
        SmapsParser parser = new SmapsParser();
        List<Seen> seen = new ArrayList<>();
        parser.parse(
                """
                7f0000000000-7f0000001000 rw-p 00000000 00:00 0
                Rss:  banana kB
                !!! not smaps
                Pss:                   4 kB
                zz-qq rw-p
                7f0000001000-7f0000002000 rw-p 00000000 00:00 0
                Pss:                   8 kB"""
                        .getBytes(StandardCharsets.UTF_8),
                m -> seen.add(Seen.of(m)));
        assertEquals(2, seen.size());
        assertEquals(4096, seen.get(0).pss());
        assertEquals(8192, seen.get(1).pss(), "the last line needs no newline");
        assertEquals(3, parser.malformedLines());
    }

    @Test
    void aLineLongerThanTheBufferIsDroppedNotFatal() {
        String longPath = "/x".repeat(20_000);
        SmapsParser parser = new SmapsParser(1024);
        List<Seen> seen = new ArrayList<>();
        parser.parse(
                ("7f0000000000-7f0000001000 r--p 00000000 08:01 7 "
                                + longPath
                                + "\nRss: 4 kB\n"
                                + "7f0000001000-7f0000002000 r--p 00000000 08:01 8 /short\nRss: 8 kB\n")
                        .getBytes(StandardCharsets.UTF_8),
                m -> seen.add(Seen.of(m)));
        assertEquals(1, seen.size(), seen.toString());
        assertEquals("/short", seen.get(0).path());
        assertEquals(1, parser.malformedLines());
    }

    @Test
    void readsOfTheRealFileAskLessThanTheKernelsBufferAndLoseNoMappingAtTheirSeams()
            throws IOException {
        int page = KernelPageSize.read(Path.of("/proc"));
        int[] most = {0};
        int[] longest = {0};
        int[] reads = {0};
        List<Seen> seen = new ArrayList<>();
        SmapsParser parser = new SmapsParser(64 * 1024, page);
        int buffer = page;
        try (FileChannel smaps = FileChannel.open(Path.of("/proc/self/smaps"))) {
            ReadableByteChannel recording =
                    new ReadableByteChannel() {
                        @Override
                        public int read(ByteBuffer dst) throws IOException {
                            most[0] = Math.max(most[0], dst.remaining());
                            reads[0]++;
                            int n = smaps.read(dst);
                            longest[0] = Math.max(longest[0], n);
                            return n;
                        }

                        @Override
                        public boolean isOpen() {
                            return smaps.isOpen();
                        }

                        @Override
                        public void close() {}
                    };
            parser.parse(recording, m -> seen.add(Seen.of(m)));
        }
        // a read of more than the kernel's buffer makes it walk the mapping that overflows it twice
        assertEquals(KernelPageSize.seqFileReadBytes(buffer), most[0], "largest read asked");
        assertTrue(
                most[0] < buffer && most[0] >= buffer * 3 / 4,
                most[0] + " of a " + buffer + "-byte buffer");
        // the kernel's own word on its buffer: a read returns at most what the buffer holds
        assertTrue(
                longest[0] <= buffer && (longest[0] > page) == (buffer > page),
                "longest read " + longest[0] + " from a " + buffer + "-byte buffer, page " + page);
        assertTrue(
                seen.size() > 50 && reads[0] > 5,
                seen.size() + " mappings in " + reads[0] + " reads");
        for (int i = 1; i < seen.size(); i++) {
            // the kernel keeps what a read could not take for the next: each mapping once, in
            // address order
            assertTrue(
                    Long.compareUnsigned(seen.get(i).start(), seen.get(i - 1).end())
                            >= 0, // [vsyscall]: 2^64 - 10 MiB
                    seen.get(i - 1) + " then " + seen.get(i));
            assertTrue(
                    seen.get(i).size() == seen.get(i).end() - seen.get(i).start(),
                    seen.get(i).toString());
        }
    }

    /** Every kept field of a mapping, by smaps name with its colon, as the parser delivered it. */
    static Map<String, Long> fields(Mapping m) {
        Map<String, Long> f = new HashMap<>();
        f.put("Size:", m.sizeBytes());
        f.put("Rss:", m.rssBytes());
        f.put("Pss:", m.pssBytes());
        f.put("Pss_Anon:", m.pssAnonBytes());
        f.put("Pss_File:", m.pssFileBytes());
        f.put("Pss_Shmem:", m.pssShmemBytes());
        f.put("Shared_Clean:", m.sharedCleanBytes());
        f.put("Shared_Dirty:", m.sharedDirtyBytes());
        f.put("Private_Clean:", m.privateCleanBytes());
        f.put("Private_Dirty:", m.privateDirtyBytes());
        f.put("Anonymous:", m.anonymousBytes());
        f.put("AnonHugePages:", m.anonHugePagesBytes());
        f.put("Swap:", m.swapBytes());
        f.put("SwapPss:", m.swapPssBytes());
        f.put("Locked:", m.lockedBytes());
        f.values().removeIf(v -> v == Mapping.ABSENT);
        return f;
    }

    /** The same, by a naive split of each mapping's lines. */
    static List<Map<String, Long>> naiveFields(String text) {
        List<Map<String, Long>> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
                out.add(new HashMap<>());
                continue;
            }
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 3 && parts[2].equals("kB") && KEPT.contains(parts[0])) {
                out.get(out.size() - 1).put(parts[0], Long.parseLong(parts[1]) * 1024);
            }
        }
        return out;
    }

    private static final List<String> KEPT =
            List.of(
                    "Size:",
                    "Rss:",
                    "Pss:",
                    "Pss_Anon:",
                    "Pss_File:",
                    "Pss_Shmem:",
                    "Shared_Clean:",
                    "Shared_Dirty:",
                    "Private_Clean:",
                    "Private_Dirty:",
                    "Anonymous:",
                    "AnonHugePages:",
                    "Swap:",
                    "SwapPss:",
                    "Locked:");

    /**
     * The parser learns the kernel's field order to skip names it expects; text in another order (an older
     * kernel without Pss_Dirty, fields shuffled per mapping, values wider than 8 columns, the rollup's Pss_*
     * lines) must parse exactly as a naive parse does, also after the parser has learned the usual order.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void fieldsInAnotherOrderParseExactly(long seed) throws IOException {
        String usual = new String(fixture("jdk25-g1.smaps"), StandardCharsets.UTF_8);
        java.util.Random r = new java.util.Random(seed);
        StringBuilder other = new StringBuilder();
        List<String> block = new ArrayList<>();
        for (String line :
                (usual + "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0\n").split("\n")) {
            if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
                // shuffle the previous mapping's field lines, keeping VmFlags last as the kernel
                // does
                String vmFlags =
                        block.stream()
                                .filter(l -> l.startsWith("VmFlags:"))
                                .findFirst()
                                .orElse(null);
                block.remove(vmFlags);
                if (r.nextInt(3) > 0) {
                    java.util.Collections.shuffle(block, r);
                }
                block.forEach(l -> other.append(l).append('\n'));
                if (vmFlags != null) {
                    other.append(vmFlags).append('\n');
                }
                block.clear();
                other.append(line).append('\n');
                continue;
            }
            if (line.startsWith("Pss_Dirty:")) {
                continue; // kernels before 6.0 do not print it
            }
            if (line.startsWith("Rss:") && r.nextInt(4) == 0) {
                line =
                        String.format(
                                "%-16s%8d kB",
                                "Pss_Anon:", r.nextInt(100_000)); // a line the usual lacks
            } else if (line.startsWith("Locked:") && r.nextInt(4) == 0) {
                line =
                        String.format(
                                "%-16s%8d kB",
                                "Locked:", 123_456_789_012L); // wider than its 8 columns
            }
            block.add(line);
        }
        String text = other.toString();
        List<Map<String, Long>> expected = naiveFields(text);
        SmapsParser parser = new SmapsParser();
        parser.parse(fixture("jdk25-g1.smaps"), m -> {}); // learn the usual order first
        List<Map<String, Long>> got = new ArrayList<>();
        parser.parse(text.getBytes(StandardCharsets.UTF_8), m -> got.add(fields(m)));
        assertEquals(0, parser.malformedLines());
        assertEquals(expected.size(), got.size());
        for (int i = 0; i < got.size(); i++) {
            assertEquals(expected.get(i), got.get(i), "mapping " + i);
        }
        assertTrue(
                got.stream().anyMatch(f -> f.containsKey("Pss_Anon:")),
                "the test must exercise Pss_Anon");
        assertTrue(
                got.stream()
                        .anyMatch(f -> f.getOrDefault("Locked:", 0L) == 123_456_789_012L * 1024));
        got.clear();
        parser.parse(
                fixture("jdk25-g1.smaps"), m -> got.add(fields(m))); // and back to the usual order
        assertEquals(naiveFields(usual), got);
    }

    @Test
    void liveSelfSmapsAgreesWithSmapsRollup() throws IOException {
        Map<String, Long> before = rollup();
        long[] sums = new long[2];
        SmapsReader reader = new SmapsReader(Path.of("/proc"), "self");
        reader.read(
                m -> {
                    sums[0] += m.rssBytes();
                    sums[1] += m.pssBytes();
                });
        Map<String, Long> after = rollup();
        assertFalse(reader.mappings() == 0);
        assertEquals(0, reader.malformedLines());
        // the test JVM keeps running between the reads: allow 1% and the growth seen meanwhile
        for (String k : List.of("Rss:", "Pss:")) {
            long lo = Math.min(before.get(k), after.get(k));
            long hi = Math.max(before.get(k), after.get(k));
            long ours = k.equals("Rss:") ? sums[0] : sums[1];
            assertTrue(
                    ours >= lo * 0.99 && ours <= hi * 1.01,
                    k + " " + ours + " vs rollup " + lo + ".." + hi);
        }
    }

    static Map<String, Long> rollup() throws IOException {
        return naiveTotals(Files.readString(Path.of("/proc/self/smaps_rollup")));
    }
}
