package dev.wrss.mbeans;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** A real, simple {@link FootprintControl}: publishes {@link TestSnapshots} with one volatile write. */
class SwappingControl implements FootprintControl {

    private final AtomicLong nextId = new AtomicLong(1);
    private volatile FootprintSnapshot latest = FootprintSnapshot.unavailable("smaps", "starting");
    private volatile long intervalMillis = 10_000;
    final AtomicLong scans = new AtomicLong();

    /** Publishes the next scan; what a scanner thread does once per tick. */
    FootprintSnapshot publishNext() {
        FootprintSnapshot s = TestSnapshots.of(nextId.getAndIncrement());
        latest = s;
        return s;
    }

    @Override
    public FootprintSnapshot latest() {
        return latest;
    }

    @Override
    public FootprintSnapshot scanNow() {
        scans.incrementAndGet();
        return publishNext();
    }

    @Override
    public List<MappingRow> mappings() {
        scans.incrementAndGet();
        return List.of(
                new MappingRow(
                        0x1000,
                        0x3000,
                        "r-xp",
                        0,
                        "/usr/lib/libc.so.6",
                        Region.SHARED_LIBS,
                        8192,
                        1024,
                        0,
                        0),
                new MappingRow(
                        0x7f00_0000_0000L,
                        0x7f00_0010_0000L,
                        "rw-p",
                        0,
                        null,
                        Region.JAVA_HEAP,
                        1 << 20,
                        1 << 20,
                        1 << 20,
                        4096),
                new MappingRow(
                        0x8000,
                        0x9000,
                        "rw-s",
                        4096,
                        TestSnapshots.NASTY_PATH,
                        null,
                        4096,
                        2048,
                        0,
                        0));
    }

    @Override
    public long intervalMillis() {
        return intervalMillis;
    }

    @Override
    public void setIntervalMillis(long millis) {
        intervalMillis = Math.max(500, Math.min(3_600_000, millis));
    }
}
