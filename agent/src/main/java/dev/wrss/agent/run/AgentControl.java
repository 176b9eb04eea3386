package dev.wrss.agent.run;

import dev.wrss.agent.nativeheap.NativeHeapProbe;
import dev.wrss.agent.pages.SupermincoreQueries;
import dev.wrss.mbeans.AgentStats;
import dev.wrss.mbeans.FootprintControl;
import dev.wrss.mbeans.FootprintSnapshot;
import dev.wrss.mbeans.MappingRow;
import dev.wrss.mbeans.NativeHeapView;
import dev.wrss.mbeans.PageQuery;
import dev.wrss.mbeans.RegionLimits;
import dev.wrss.mbeans.SelfCostRow;
import dev.wrss.mbeans.ThresholdControl;
import java.util.List;

/**
 * What the running agent's MBeans call: the {@link Sampler}'s snapshots, requests and own cost, and the
 * pass-throughs to the page query, the native heap (whose refresh and trim scan again through the sampler)
 * and the thresholds. Called on JMX threads; nothing here scans but through the sampler.
 */
public final class AgentControl implements FootprintControl {

    private final Sampler sampler;
    private final SupermincoreQueries pages;
    private final NativeHeapProbe nativeHeap;
    private volatile ThresholdControl thresholds = ThresholdControl.NONE;

    /**
     * @param pages the page queries; null for none
     * @param nativeHeap the probe the sampler's scanners publish the native heap through; null for none
     */
    public AgentControl(Sampler sampler, SupermincoreQueries pages, NativeHeapProbe nativeHeap) {
        this.sampler = sampler;
        this.pages = pages;
        this.nativeHeap = nativeHeap;
    }

    public Sampler sampler() {
        return sampler;
    }

    @Override
    public FootprintSnapshot latest() {
        return sampler.latest();
    }

    @Override
    public FootprintSnapshot scanNow() {
        return sampler.scanNow();
    }

    @Override
    public List<MappingRow> mappings() {
        return sampler.mappings();
    }

    @Override
    public long intervalMillis() {
        return sampler.intervalMillis();
    }

    @Override
    public void setIntervalMillis(long millis) {
        sampler.setIntervalMillis(millis);
    }

    @Override
    public AgentStats stats() {
        return sampler.stats();
    }

    @Override
    public List<SelfCostRow> selfCost() {
        return sampler.selfCost();
    }

    @Override
    public PageQuery supermincore(long start, long end, boolean withPages) {
        if (pages == null) {
            return FootprintControl.super.supermincore(start, end, withPages);
        }
        return pages.query(ProcessHandle.current().pid(), start, end, withPages);
    }

    @Override
    public boolean pagesPrivileged() {
        return pages != null && pages.privileged();
    }

    @Override
    public NativeHeapView nativeHeap() {
        return nativeHeap == null ? FootprintControl.super.nativeHeap() : nativeHeap.view();
    }

    @Override
    public NativeHeapView refreshNativeHeap() {
        return nativeHeap == null
                ? FootprintControl.super.refreshNativeHeap()
                : nativeHeap.refresh(sampler::scanNow);
    }

    @Override
    public long trimNativeHeap() {
        return nativeHeap == null
                ? FootprintControl.super.trimNativeHeap()
                : nativeHeap.trim(sampler::scanNow);
    }

    @Override
    public RegionLimits regionLimits() {
        return nativeHeap == null ? FootprintControl.super.regionLimits() : nativeHeap.limits();
    }

    /** The thresholds the MBeans publish; set before the MBeans are registered. */
    public void thresholds(ThresholdControl t) {
        thresholds = t == null ? ThresholdControl.NONE : t;
    }

    @Override
    public ThresholdControl thresholds() {
        return thresholds;
    }
}
