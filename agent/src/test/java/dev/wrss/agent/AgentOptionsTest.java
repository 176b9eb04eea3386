package dev.wrss.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

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
        AgentOptions o =
                AgentOptions.parse(
                        "interval=500ms,log=debug,threshold=2%,maxAge=2m,budget=0.1%,topFiles=5");
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
        AgentOptions o =
                AgentOptions.parse("interval=banana,nosuch=1,interval=100ms,log=loud,budget=0");
        assertEquals(10_000, o.intervalMillis());
        assertEquals("info", o.log());
        String line = o.problemLine();
        assertTrue(
                line.contains("'banana'")
                        && line.contains("'nosuch'")
                        && line.contains("'100ms'")
                        && line.contains("'loud'")
                        && line.contains("budget"),
                line);
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
    void vmInfoIsOnUnlessTurnedOff() {
        assertTrue(AgentOptions.parse(null).vmInfo());
        assertFalse(AgentOptions.parse("vmInfo=false").vmInfo());
        AgentOptions bad = AgentOptions.parse("vmInfo=no");
        assertTrue(bad.vmInfo());
        assertTrue(bad.problemLine().contains("vmInfo"), bad.problemLine());
    }

    @Test
    void widenReadsIsStillAcceptedAndDoesNothing() {
        assertNull(AgentOptions.parse("widenReads=false").problemLine());
        assertNull(AgentOptions.parse("widenReads=true").problemLine());
        AgentOptions bad = AgentOptions.parse("widenReads=no");
        assertTrue(bad.problemLine().contains("widenReads"), bad.problemLine());
    }

    @Test
    void logTakesALevelADestinationOrBoth() {
        AgentOptions d = AgentOptions.parse(null);
        assertEquals("default", d.logTo());
        assertEquals("info", d.log());
        AgentOptions jul = AgentOptions.parse("log=jul");
        assertEquals("jul", jul.logTo());
        assertEquals("info", jul.log());
        AgentOptions out = AgentOptions.parse("log=stdout:debug");
        assertEquals("stdout", out.logTo());
        assertEquals("debug", out.log());
        assertEquals("default", AgentOptions.parse("log=off").logTo());
        assertEquals("off", AgentOptions.parse("log=off").log());
        AgentOptions bad = AgentOptions.parse("log=syslog:info");
        assertEquals("default", bad.logTo());
        assertTrue(bad.problemLine().contains("log"), bad.problemLine());
        assertNotNull(AgentOptions.parse("log=stderr:loud").problemLine());
    }

    @Test
    void startDelayIsFifteenSecondsForPremainNoneForAttachUnlessGiven() {
        assertEquals(15_000, AgentOptions.parse(null).startDelayMillis(true));
        assertEquals(0, AgentOptions.parse(null).startDelayMillis(false));
        assertEquals(2_000, AgentOptions.parse("startDelay=2s").startDelayMillis(true));
        assertEquals(2_000, AgentOptions.parse("startDelay=2s").startDelayMillis(false));
        assertEquals(0, AgentOptions.parse("startDelay=0").startDelayMillis(true));
        assertTrue(AgentOptions.parse("startDelay=2h").problemLine().contains("startDelay"));
    }
}
