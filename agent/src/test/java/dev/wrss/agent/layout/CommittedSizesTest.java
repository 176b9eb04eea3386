package dev.wrss.agent.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wrss.agent.it.GeneratedClasses;
import dev.wrss.agent.proc.StatmReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * When the agent reads the non-heap pools' committed sizes again, on this JVM's own pools: at most once a
 * second, and with a change signal only when it moved or a minute passed; and that the signal the agent
 * gives, statm's data field, does move whenever this JVM commits metaspace.
 */
class CommittedSizesTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong clock = new AtomicLong(1_000 * SECOND);
    private final AtomicLong signal = new AtomicLong(100);

    private CommittedSizes sizes(boolean withSignal) {
        return new CommittedSizes(
                JvmFacts.over(ManagementFactory.getPlatformMBeanServer()),
                clock::get,
                withSignal ? signal::get : null);
    }

    @Test
    void aStillSignalSkipsThePoolsForAMinuteButNotTheHeap() {
        CommittedSizes s = sizes(true);
        assertTrue(s.metaspaceBytes() > 0 && s.codeBytes() > 0 && s.heapBytes() > 0);
        assertEquals(1, s.poolReadings());
        clock.addAndGet(2 * SECOND);
        assertTrue(s.heapBytes() > 0);
        assertEquals(1, s.poolReadings(), "the signal stood still");
        clock.addAndGet(CommittedSizes.QUIET_MAX_AGE_NANOS - 3 * SECOND);
        s.metaspaceBytes();
        assertEquals(1, s.poolReadings(), "59 s after the reading");
        clock.addAndGet(SECOND);
        s.metaspaceBytes();
        assertEquals(2, s.poolReadings(), "a minute after the reading");
    }

    @Test
    void aMovedSignalReadsThePoolsOnceTheSecondHasPassed() {
        CommittedSizes s = sizes(true);
        s.codeBytes();
        signal.incrementAndGet();
        clock.addAndGet(SECOND / 2);
        s.codeBytes();
        assertEquals(1, s.poolReadings(), "back-to-back scans share a reading");
        clock.addAndGet(SECOND / 2);
        s.codeBytes();
        assertEquals(2, s.poolReadings(), "the signal moved since the reading");
        clock.addAndGet(2 * SECOND);
        s.codeBytes();
        assertEquals(2, s.poolReadings());
        s.invalidate();
        s.codeBytes();
        assertEquals(3, s.poolReadings(), "a thorough scan reads afresh");
    }

    @Test
    void anUnknownSignalOrNoneReadsEverySecond() {
        for (boolean withSignal : new boolean[] {true, false}) {
            signal.set(-1);
            CommittedSizes s = sizes(withSignal);
            for (int i = 1; i <= 3; i++) {
                s.classSpaceBytes();
                assertEquals(i, s.poolReadings());
                clock.addAndGet(SECOND);
            }
        }
    }

    /**
     * The premise: HotSpot commits metaspace by changing a reserved range's protection, which moves the
     * process's private writable size. Loads classes in rounds of 16 loaders (about one 64 KiB commit
     * granule), and wherever the Metaspace pool's committed size moved across a round, statm's data field
     * must have moved too.
     */
    @Test
    void statmDataMovesWheneverMetaspaceCommits() throws Exception {
        MemoryPoolMXBean metaspace =
                ManagementFactory.getMemoryPoolMXBeans().stream()
                        .filter(p -> p.getName().equals("Metaspace"))
                        .findFirst()
                        .orElseThrow();
        List<Object> keep = new ArrayList<>();
        int commits = 0;
        try (StatmReader statm = new StatmReader(Path.of("/proc"), "self", 4096)) {
            for (int round = 0; round < 60 && commits < 5; round++) {
                long committed = metaspace.getUsage().getCommitted();
                assertTrue(statm.residentBytes() > 0);
                long data = statm.dataPages();
                assertTrue(data > 0, "statm's data field: " + data);
                keep.addAll(GeneratedClasses.load(16));
                long after = metaspace.getUsage().getCommitted();
                statm.residentBytes();
                if (after != committed) {
                    commits++;
                    assertNotEquals(
                            data,
                            statm.dataPages(),
                            "metaspace committed "
                                    + committed
                                    + " -> "
                                    + after
                                    + " bytes, statm data stood at "
                                    + data
                                    + " pages");
                }
            }
        }
        assertTrue(commits >= 5, "metaspace committed more in only " + commits + " of 60 rounds");
        assertTrue(keep.size() > 0);
    }
}
