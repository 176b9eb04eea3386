package dev.wrss.agent.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The field lines' fast paths (a line, or a whole block, at the offsets the learned kernel order predicts; a
 * block compared with the last of its kind; a VmFlags line without a newline search) against the line-by-line
 * way: one parser, reused as the scanner reuses it, parses each mapping as a fresh parser does alone (which
 * reads its field lines the general way), whatever it parsed before, an odd mapping among usual ones, or where
 * a read split the text.
 */
class SmapsParserFastPathTest {

    private static final String HEADER = "7f0000001000-7f0000003000 r--p 00001000 fe:01 1234";
    private static final String PATH = "/usr/lib/libc.so.6";

    /** One mapping as the kernel prints it, with the header's path padded to column 73. */
    private static String mapping(long rssKb, String header) {
        StringBuilder s = new StringBuilder(header);
        s.append(" ".repeat(Math.max(1, 73 - header.length()))).append(PATH).append('\n');
        for (String name :
                new String[] {
                    "Size",
                    "KernelPageSize",
                    "MMUPageSize",
                    "Rss",
                    "Pss",
                    "Pss_Dirty",
                    "Shared_Clean",
                    "Shared_Dirty",
                    "Private_Clean",
                    "Private_Dirty",
                    "Referenced",
                    "Anonymous",
                    "KSM",
                    "LazyFree",
                    "AnonHugePages",
                    "ShmemPmdMapped",
                    "FilePmdMapped",
                    "Shared_Hugetlb",
                    "Private_Hugetlb",
                    "Swap",
                    "SwapPss",
                    "Locked"
                }) {
            long kb =
                    name.endsWith("PageSize")
                            ? 4
                            : name.equals("Size") ? 8 : name.startsWith("Rss") ? rssKb : 0;
            s.append(String.format("%-16s%8d kB%n", name + ":", kb));
        }
        s.append(String.format("%-16s%8d%n", "THPeligible:", 0));
        return s.append("VmFlags: rd mr mw me ac \n").toString();
    }

    private static String text(int mappings, java.util.function.IntFunction<String> one) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < mappings; i++) {
            s.append(one.apply(i));
        }
        return s.toString();
    }

    private static List<String> parse(SmapsParser parser, String text) {
        List<String> out = new ArrayList<>();
        parser.parse(text.getBytes(StandardCharsets.ISO_8859_1), m -> out.add(seen(m)));
        out.add("malformed=" + parser.malformedLines());
        return out;
    }

    private static String seen(Mapping m) {
        return SmapsParserTest.Seen.of(m)
                + " "
                + SmapsParserTest.fields(m)
                + " "
                + m.vmFlagsPresent()
                + " "
                + m.devMajor()
                + ":"
                + m.devMinor()
                + " "
                + m.lockedBytes()
                + " "
                + m.sharedCleanBytes();
    }

    /** Parses {@code odd} among usual mappings with a parser that parsed them before; compares with fresh parses. */
    private static void parsesAsLineByLine(String odd) {
        assertTrue(
                !odd.equals(mapping(4, HEADER)), "the odd mapping must differ from the usual one");
        SmapsParser used = new SmapsParser();
        parse(used, text(50, i -> mapping(4, HEADER)));
        String usual = text(3, i -> mapping(4, HEADER));
        List<String> got = parse(used, usual + odd + usual);
        List<String> expected = new ArrayList<>();
        int malformed = 0;
        for (String one : new String[] {usual, odd, usual}) {
            for (String m : one.split("(?=\n7)")) {
                List<String> seen =
                        parse(new SmapsParser(), m.startsWith("\n") ? m.substring(1) : m);
                malformed +=
                        Integer.parseInt(
                                seen.remove(seen.size() - 1).substring("malformed=".length()));
                expected.addAll(seen);
            }
        }
        expected.add("malformed=" + malformed);
        assertEquals(expected, got);
    }

    /**
     * A block of a kind seen before differs from that kind's kept block (ReferenceBlocks) in a value, a name, a
     * line end or its length: it parses as it does alone, before and after a block of another kind.
     */
    @Test
    void aBlockThatDiffersFromTheLastOfItsKindParsesExactly() {
        String m = mapping(4, HEADER);
        parsesAsLineByLine(m.replace("Rss:                   4 kB", "Rss:                  12 kB"));
        parsesAsLineByLine(
                m.replace("Size:                  8 kB", "Size:           99999999 kB")
                        .replace("Locked:                0 kB", "Locked:                7 kB"));
        parsesAsLineByLine(m.replace("Rss:                   4 kB", "Rss:            12345678 kB"));
        parsesAsLineByLine(m.replace("Rss:                   4 kB", "Rss:                   4 kb"));
        parsesAsLineByLine(m.replace("Rss:                   4 kB", "Rsz:                   4 kB"));
        parsesAsLineByLine(
                m.replace("Referenced:            0 kB", "Referenced:        0\n  0 kB"));
        parsesAsLineByLine(m.replace("Referenced:            0 kB", "Referenced:           12 kB"));
        parsesAsLineByLine(m.replace("Pss:                   0 kB", "Pss:                   x kB"));
        parsesAsLineByLine(
                m.replace("VmFlags: rd mr mw me ac \n", "VmFlags: rd mr mw me ac sd \n"));
        parsesAsLineByLine(m.replace("VmFlags: rd mr mw me ac \n", "VmFlags: rd mr mw me \n"));
        parsesAsLineByLine(m.replace("VmFlags: rd mr mw me ac \n", "VmFlags: rd mr mw me ac\n"));
        parsesAsLineByLine(
                mapping(4, "7f0000001000-7f0000003000 rw-p 00000000 00:00 0 ")
                                .replaceFirst(" +" + PATH, "")
                        + m.replace("Rss:                   4 kB", "Rss:                  16 kB"));
    }

    /** Mappings of two kinds, each line's value changing at random: every block as it parses alone. */
    @Test
    void blocksWhoseValuesChangeLineByLineParseExactly() {
        java.util.Random r = new java.util.Random(7);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            String one = mapping(4, i % 3 == 0 ? HEADER.replace("r--p", "rw-p") : HEADER);
            String[] lines = one.split("\n", -1);
            for (int l = 1; l < lines.length - 2; l++) {
                if (r.nextInt(4) == 0 && lines[l].endsWith(" kB")) {
                    String v =
                            Long.toString(
                                    r.nextInt(4) == 0
                                            ? r.nextInt(Integer.MAX_VALUE)
                                            : r.nextInt(100));
                    lines[l] =
                            lines[l].substring(0, 16)
                                    + " ".repeat(Math.max(0, 8 - v.length()))
                                    + v
                                    + " kB";
                }
            }
            text.append(String.join("\n", lines));
        }
        SmapsParser used = new SmapsParser();
        parse(used, text.toString()); // parsed once before
        assertEquals(mappingByMapping(text.toString()), parse(used, text.toString()));
    }

    /**
     * The differential check of the fast paths: 5,000 damaged texts from the real captures through one parser,
     * reused from each text to the next, against a fresh parser for each of their mappings.
     */
    @Test
    void damagedTextsParseAsEachOfTheirMappingsAlone() throws IOException {
        List<byte[]> captures = new ArrayList<>();
        for (String name :
                new String[] {
                    "jdk17-g1.smaps", "jdk17-zgc.smaps", "jdk25-g1.smaps", "jdk25-zgc.smaps"
                }) {
            captures.add(SmapsParserTest.fixture(name));
        }
        SmapsFuzzer fuzzer = new SmapsFuzzer(captures);
        SmapsParser used = new SmapsParser();
        for (long seed = 0; seed < 5_000; seed++) {
            String text = new String(fuzzer.input(seed), StandardCharsets.ISO_8859_1);
            assertEquals(mappingByMapping(text), parse(used, text), "input " + seed);
        }
    }

    /** Each mapping (from one header-like line to the next) parsed by a parser of its own; malformed lines summed. */
    private static List<String> mappingByMapping(String text) {
        List<String> expected = new ArrayList<>();
        int malformed = 0;
        for (String one : text.split("(?<=\n)(?=[0-9a-f])")) {
            List<String> seen = parse(new SmapsParser(), one);
            malformed +=
                    Integer.parseInt(seen.remove(seen.size() - 1).substring("malformed=".length()));
            expected.addAll(seen);
        }
        expected.add("malformed=" + malformed);
        return expected;
    }

    /**
     * A text whose every block names Rss twice: the mapping shows the later line's value, as it does alone,
     * whichever of the two changed since the last block of its kind.
     */
    @Test
    void aFieldNamedTwiceInEveryBlockShowsItsLastLine() {
        java.util.Random r = new java.util.Random(11);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            String one =
                    mapping(4, HEADER)
                            .replace(
                                    "Referenced:            0 kB",
                                    String.format("%-16s%8d kB", "Rss:", r.nextInt(3)));
            if (r.nextBoolean()) {
                one =
                        one.replace(
                                "Rss:                   4 kB",
                                String.format("%-16s%8d kB", "Rss:", r.nextInt(3)));
            }
            text.append(one);
        }
        SmapsParser used = new SmapsParser();
        parse(used, text.toString()); // parsed once before
        assertEquals(mappingByMapping(text.toString()), parse(used, text.toString()));
    }

    @Test
    void aValueWiderThanEightColumnsParsesExactly() {
        String odd =
                mapping(4, HEADER)
                        .replace("Rss:                   4 kB", "Rss:            123456789 kB");
        parsesAsLineByLine(odd);
        SmapsParser p = new SmapsParser();
        List<String> got = parse(p, mapping(4, HEADER) + odd);
        assertTrue(got.get(1).contains("rss=126419751936"), got.get(1));
    }

    @Test
    void aBlockWithoutVmFlagsOrWithFlagsOfAnotherShapeParsesExactly() {
        parsesAsLineByLine(mapping(4, HEADER).replace("VmFlags: rd mr mw me ac \n", ""));
        parsesAsLineByLine(
                mapping(4, HEADER).replace("VmFlags: rd mr mw me ac ", "VmFlags: rd  mrx m ac"));
        parsesAsLineByLine(mapping(4, HEADER).replace("VmFlags: rd mr mw me ac ", "VmFlags:"));
    }

    @Test
    void aBlockWithALineMissingDuplicatedOrDamagedParsesExactly() {
        String m = mapping(4, HEADER);
        parsesAsLineByLine(m.replace("Referenced:            0 kB\n", ""));
        parsesAsLineByLine(
                m.replace(
                        "Referenced:            0 kB\n",
                        "Referenced:            0 kB\nRss:   7 kB\n"));
        parsesAsLineByLine(
                m.replace("KSM:                   0 kB\n", "KSM:                   0\nkB\n"));
        parsesAsLineByLine(
                m.replace(
                        "KSM:                   0 kB\n", "KSM:                 0 kB\nKSM: 0 kB\n"));
        parsesAsLineByLine(m.replace("Locked:                0 kB", "Locked:               -0 kB"));
        parsesAsLineByLine(m.replace("Locked:                0 kB", "Locked:                0 MB"));
        parsesAsLineByLine(
                m.replace("THPeligible:           0\n", "THPeligible:           0 kB\n"));
        // same length, so only the checks of each line can tell: a newline inside a value, two
        // lines swapped
        parsesAsLineByLine(
                m.replace("KSM:                   0 kB\n", "KSM:               0\n  0 kB\n"));
        parsesAsLineByLine(
                m.replace(
                        "Pss:                   0 kB\nPss_Dirty:             0 kB\n",
                        "Pss_Dirty:             0 kB\nPss:                   3 kB\n"));
        parsesAsLineByLine(
                m.replace(
                        "Rss:                   4 kB\nPss:                   0 kB\n",
                        "Pss:                   0 kB\nRss:                   5 kB\n"));
    }

    @Test
    void headersOfOtherLayoutsParseExactly() {
        for (String header :
                new String[] {
                    "7f0000001000-7f0000003000 r--p 100001000 fe:01 1234", // a 9-digit offset
                    "7f0000001000-7f0000003000 r--p 00001000 103:01 1234", // a 3-digit major
                    "7f0000001000-7f0000003000 r--p 00001000 fe:01 123456789", // an inode of 9
                    // digits
                    "7f0000001000-7f0000003000 r--p 00001000 fe:01 01234", // a leading zero
                    "7F0000001000-7F0000003000 r--p 00001000 FE:01 1234",
                    "7f0000003000-7f0000001000 r--p 00001000 fe:01 1234", // ends before it starts
                    "687400000-69f000000 rw-p 00000000 00:00 0",
                    "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0",
                    "7f0000001000-7f0000003000 rwxs 00001000 fe:01 1234",
                    "7f0000001000-7f0000003000 rw-p 00000000x00:00 0", // anonymous, damaged around
                    // the device
                    "7f0000001000-7f0000003000 rw-p 00000000 00-00 0",
                    "7f0000001000-7f0000003000 rw-p 00000000 00:00x0",
                    "7f0000001000-7f0000003000 rw-p 0000000g 00:00 0", // a digit that is no hex
                    // digit
                    "7f0000001000-7f0000003000 rw-p 00000000 00:00 0x"
                }) {
            parsesAsLineByLine(mapping(4, header));
        }
        parsesAsLineByLine(mapping(4, HEADER).replace(PATH, "").replace(" \n", "\n"));
        parsesAsLineByLine(mapping(4, HEADER).replace("      " + PATH, "\t     " + PATH));
        parsesAsLineByLine(
                mapping(4, "7f0000001000-7f0000003000 rw-p 00000000 00:00 0 ")
                        .replaceFirst(" +" + PATH, ""));
    }

    /** Hands out {@code first} bytes, then a page at a time: the first parse ends at byte {@code first}. */
    private static final class SplitChannel implements ReadableByteChannel {
        private final byte[] text;
        private int at;
        private int next;

        SplitChannel(byte[] text, int first) {
            this.text = text;
            this.next = first;
        }

        @Override
        public int read(ByteBuffer dst) {
            if (at == text.length) {
                return -1;
            }
            int n = Math.min(Math.min(dst.remaining(), text.length - at), next);
            dst.put(text, at, n);
            at += n;
            next = 4096;
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {}
    }

    @Test
    void aBlockSplitAtAnyByteBetweenTwoParsesParsesAsAWhole() throws IOException {
        String text = text(60, i -> mapping(4 + i, HEADER));
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        List<String> whole = parse(new SmapsParser(), text);
        // a 64 KiB buffer parses once 32 KiB have come: a first read past that ends the first parse
        // there
        int from = 32 * 1024;
        for (int first = from; first < from + 2 * mapping(4, HEADER).length(); first++) {
            SmapsParser parser = new SmapsParser();
            parser.parse(new SplitChannel(bytes, 64), m -> {}); // a parse before
            List<String> got = new ArrayList<>();
            parser.parse(new SplitChannel(bytes, first), m -> got.add(seen(m)));
            got.add("malformed=" + parser.malformedLines());
            assertEquals(whole, got, "split at " + first);
        }
    }
}
