package dev.wrss.agent.run;

import dev.wrss.mbeans.FootprintControl;
import dev.wrss.mbeans.FootprintSnapshot;
import dev.wrss.mbeans.MappingRow;
import java.util.List;

/** What the MBeans read when wrss cannot scan at all: one fixed snapshot whose Status says why. */
public final class UnavailableControl implements FootprintControl {

    private final FootprintSnapshot snapshot;

    public UnavailableControl(FootprintSnapshot snapshot) {
        this.snapshot = snapshot;
    }

    @Override
    public FootprintSnapshot latest() {
        return snapshot;
    }

    @Override
    public FootprintSnapshot scanNow() {
        return snapshot;
    }

    @Override
    public List<MappingRow> mappings() {
        return List.of();
    }

    @Override
    public long intervalMillis() {
        return 0;
    }

    @Override
    public void setIntervalMillis(long millis) {
        // nothing scans
    }
}
