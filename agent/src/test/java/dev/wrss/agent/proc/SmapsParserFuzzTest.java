package dev.wrss.agent.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.wrss.agent.aggregate.FileTotals;
import dev.wrss.agent.aggregate.RegionTotals;
import dev.wrss.agent.classify.RegionClassifier;
import dev.wrss.agent.layout.JvmLayout;
import dev.wrss.mbeans.FootprintReport;
import dev.wrss.mbeans.FootprintSnapshot;
import dev.wrss.mbeans.Region;
import dev.wrss.mbeans.RegionUsage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * 100,000 damaged smaps texts, seeded from the real captures, through parser, classifier and totals with one
 * set of reused instances, as the scanner uses them: nothing throws; every delivered mapping is counted in
 * exactly one region; the regions add up to the sums of what was delivered; an input the parser calls clean
 * delivered one mapping per header-like line; and every 100th snapshot renders as ASCII-only JSON.
 */
class SmapsParserFuzzTest {

    static final int INPUTS = Integer.getInteger("wrss.test.fuzzInputs", 100_000);

    private final SmapsParser parser = new SmapsParser();
    private final RegionClassifier classifier = new RegionClassifier();
    private final RegionTotals regions = new RegionTotals();
    private final FileTotals files = new FileTotals();
    private final long[] sums = new long[6]; // rss pss uss swap virtual mappings, as delivered
    private long badValues;

    @Test
    void damagedSmapsNeverThrowAndWhatParsesAddsUp() throws IOException {
        List<byte[]> captures = new ArrayList<>();
        for (String name :
                new String[] {
                    "jdk17-g1.smaps", "jdk17-zgc.smaps", "jdk25-g1.smaps", "jdk25-zgc.smaps"
                }) {
            captures.add(SmapsParserTest.fixture(name));
        }
        SmapsFuzzer fuzzer = new SmapsFuzzer(captures);
        int reportedBroken = 0;
        for (long seed = 0; seed < INPUTS; seed++) {
            byte[] text = fuzzer.input(seed);
            try {
                check(text, seed);
            } catch (RuntimeException e) {
                throw new AssertionError("input " + seed + " threw", e);
            }
            reportedBroken += parser.malformedLines() > 0 ? 1 : 0;
        }
        System.out.println(
                "smaps fuzzing: "
                        + INPUTS
                        + " inputs fuzzed, "
                        + reportedBroken
                        + " reported malformed lines, "
                        + (INPUTS - reportedBroken)
                        + " parsed clean, 0 threw, "
                        + badValues
                        + " negative values delivered");
        assertTrue(
                reportedBroken > INPUTS / 10 && reportedBroken < INPUTS,
                "mutations should break some inputs");
    }

    private void check(byte[] text, long seed) {
        classifier.startScan();
        regions.clear();
        files.clear();
        java.util.Arrays.fill(sums, 0);
        JvmLayout layout = JvmLayout.empty();
        parser.parse(
                text,
                m -> {
                    Region r = classifier.classify(m, layout);
                    regions.add(r, m);
                    if (r == Region.MAPPED_FILES && m.fileBacked()) {
                        files.add(m);
                    }
                    sums[0] += Mapping.orZero(m.rssBytes());
                    sums[1] += Mapping.orZero(m.pssBytes());
                    sums[2] += m.ussBytes();
                    sums[3] += Mapping.orZero(m.swapBytes());
                    sums[4] += m.virtualBytes();
                    sums[5]++;
                    for (long v :
                            new long[] {
                                m.rssBytes(),
                                m.pssBytes(),
                                m.swapBytes(),
                                m.privateCleanBytes(),
                                m.privateDirtyBytes(),
                                m.virtualBytes()
                            }) {
                        if (v < Mapping.ABSENT) {
                            badValues++;
                            fail("input " + seed + ": value " + v + " in " + m);
                        }
                    }
                });
        RegionUsage[] usage = regions.toUsages();
        long[] got = new long[6];
        for (RegionUsage u : usage) {
            got[0] += u.rssBytes();
            got[1] += u.pssBytes();
            got[2] += u.ussBytes();
            got[3] += u.swapBytes();
            got[4] += u.virtualBytes();
            got[5] += u.mappings();
        }
        assertEquals(
                java.util.Arrays.toString(sums), java.util.Arrays.toString(got), "input " + seed);
        assertEquals(sums[5], parser.mappings(), "input " + seed);
        if (parser.malformedLines() == 0) {
            assertEquals(
                    headerLikeLines(text), parser.mappings(), "input " + seed + " parsed clean");
        }
        if (seed % 100 == 0) {
            FootprintSnapshot s =
                    new FootprintSnapshot(
                            seed + 1,
                            0,
                            0,
                            "smaps",
                            "ok",
                            usage,
                            new long[Region.count()],
                            List.of(),
                            0,
                            files.top(20),
                            files.count());
            String json = FootprintReport.json(s);
            assertTrue(
                    json.chars().allMatch(c -> c >= 0x20 && c < 0x7f),
                    "input " + seed + ": JSON " + json);
        }
    }

    /** Lines that start with a lowercase hex digit: each must be a mapping when nothing was malformed. */
    private static long headerLikeLines(byte[] text) {
        long n = 0;
        for (int i = 0; i < text.length; i++) {
            boolean lineStart = i == 0 || text[i - 1] == '\n';
            byte b = text[i];
            if (lineStart && ((b >= '0' && b <= '9') || (b >= 'a' && b <= 'f'))) {
                n++;
            }
        }
        return n;
    }
}
