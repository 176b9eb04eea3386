package dev.wrss.agent;

import dev.wrss.agent.proc.KernelPageSize;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentOptionsTest {

    @Test
    void defaultsWhenEmpty() {
        AgentOptions o = AgentOptions.parse(null);
        assertEquals(10_000, o.intervalMillis());
        assertEquals("info", o.log());
        assertEquals(0.01, o.threshold());
        assertEquals(60_000, o.maxAgeMillis());
        assertEquals(0.005, o.budget());
        assertNull(o.problemLine());
    }

    @Test
    void unitsAndPercentages() {
        AgentOptions o = AgentOptions.parse("interval=500ms,log=debug,threshold=2%,maxAge=2m,budget=0.1%,topFiles=5");
        assertEquals(500, o.intervalMillis());
        assertEquals("debug", o.log());
        assertEquals(0.02, o.threshold(), 1e-12);
        assertEquals(120_000, o.maxAgeMillis());
        assertEquals(0.001, o.budget(), 1e-12);
        assertEquals(5, o.topFiles());
        assertEquals(3_600_000, AgentOptions.parse("interval=1h").intervalMillis());
    }

    @Test
    void badOptionsKeepTheirDefaultsAndAreNamedInOneLine() {
        AgentOptions o = AgentOptions.parse("interval=banana,nosuch=1,interval=100ms,log=loud,budget=0");
        assertEquals(10_000, o.intervalMillis());
        assertEquals("info", o.log());
        String line = o.problemLine();
        assertTrue(line.contains("'banana'") && line.contains("'nosuch'") && line.contains("'100ms'")
                && line.contains("'loud'") && line.contains("budget"), line);
        assertTrue(line.contains("accepted: interval="), line);
        assertEquals(1, line.lines().count());
    }

    @Test
    void controlCharactersInOptionsAreNotEchoed() {
        String line = AgentOptions.parse("no\u001b[31msuch=1").problemLine();
        assertTrue(!line.contains("\u001b"), line);
    }

    @Test
    void largeRssTakesBinaryUnitsAndRejectsWhatIsOutOfRange() {
        assertEquals(4L << 30, AgentOptions.parse(null).largeRssBytes());
        assertEquals(64L << 20, AgentOptions.parse("largeRss=64m").largeRssBytes());
        assertEquals(3L << 30, AgentOptions.parse("largeRss=3G").largeRssBytes());
        assertEquals(0, AgentOptions.parse("largeRss=0").largeRssBytes());
        assertEquals(1L << 40, AgentOptions.parse("largeRss=1t").largeRssBytes());
        AgentOptions bad = AgentOptions.parse("largeRss=2t");
        assertEquals(4L << 30, bad.largeRssBytes());
        assertTrue(bad.problemLine().contains("largeRss"), bad.problemLine());
        assertTrue(AgentOptions.parse("largeRss=-1m").problemLine().contains("largeRss"));
    }

    @Test
    void maxPauseTakesMicrosMillisAndSecondsAndRejectsWhatIsOutOfRange() {
        assertEquals(1000, AgentOptions.parse(null).maxPauseMicros());
        assertEquals(0, AgentOptions.parse("maxPause=0").maxPauseMicros());
        assertEquals(250, AgentOptions.parse("maxPause=250us").maxPauseMicros());
        assertEquals(5000, AgentOptions.parse("maxPause=5ms").maxPauseMicros());
        assertEquals(7000, AgentOptions.parse("maxPause=7").maxPauseMicros());
        assertEquals(10_000_000, AgentOptions.parse("maxPause=10s").maxPauseMicros());
        AgentOptions bad = AgentOptions.parse("maxPause=11s");
        assertEquals(1000, bad.maxPauseMicros());
        assertTrue(bad.problemLine().contains("maxPause"), bad.problemLine());
        assertTrue(AgentOptions.parse("maxPause=-1us").problemLine().contains("maxPause"));
    }

    @Test
    void widenReadsIsOnUnlessSetToFalseAndTakesNothingElse() {
        assertTrue(AgentOptions.parse(null).widenReads());
        assertFalse(AgentOptions.parse("widenReads=false").widenReads());
        assertTrue(AgentOptions.parse("widenReads=true").widenReads());
        AgentOptions bad = AgentOptions.parse("widenReads=no");
        assertTrue(bad.widenReads());
        assertTrue(bad.problemLine().contains("widenReads"), bad.problemLine());
    }

    /** The option reaches the agent's reader: the kernel's buffer behind its own smaps is widened or left. */
    @Test
    void theAgentsSmapsReaderWidensItsBufferUnlessWidenReadsIsFalse() throws Exception {
        for (String mode : new String[] {"smaps", "auto"}) {
            try (var widened = Agent.source(AgentOptions.parse("mode=" + mode));
                 var plain = Agent.source(AgentOptions.parse("mode=" + mode + ",widenReads=false"))) {
                widened.read(m -> { });
                plain.read(m -> { });
                int page = KernelPageSize.read(Path.of("/proc"));
                int wide = KernelPageSize.seqFileReadBytes(page == 4096 ? 2 * page : page);
                assertEquals(wide, readBytes(widened), mode);
                assertEquals(KernelPageSize.seqFileReadBytes(page), readBytes(plain), mode);
            }
        }
    }

    private static int readBytes(dev.wrss.agent.proc.MappingSource source) throws Exception {
        if (source instanceof dev.wrss.agent.proc.SmapsReader r) {
            return r.readBytes();
        }
        var f = source.getClass().getDeclaredField("smaps"); // AutoSource's smaps walk
        f.setAccessible(true);
        return ((dev.wrss.agent.proc.SmapsReader) f.get(source)).readBytes();
    }
}
