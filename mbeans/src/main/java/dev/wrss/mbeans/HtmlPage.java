package dev.wrss.mbeans;

import java.util.ArrayList;
import java.util.List;

/**
 * The Footprint bean's {@code html()}: gathers, inside the process, what {@code report --html} gathers over JMX
 * (a fresh scan, the mappings, the history and the diff against the baseline, the native heap split) and renders
 * it with the same {@link HtmlReport}.
 */
final class HtmlPage {

    private HtmlPage() {}

    /** @param history null when history is off: the page then says there is none */
    static String render(FootprintControl control, HistoryControl history) {
        FootprintSnapshot s = control.scanNow();
        List<MappingRow> mappings = control.mappings();
        List<HtmlReport.Point> points = new ArrayList<>();
        List<HtmlReport.Change> diff = new ArrayList<>();
        if (history != null) {
            for (HistoryControl.Sample x : history.samples(0, Long.MAX_VALUE)) {
                points.add(new HtmlReport.Point(x.epochMillis(), x.pss()));
            }
            FootprintSnapshot base = history.baseline();
            for (int i = 0; i < Region.count(); i++) {
                Region r = Region.ofOrdinal(i);
                diff.add(
                        new HtmlReport.Change(
                                r.id(), base.region(r).pssBytes(), s.region(r).pssBytes()));
            }
            diff.add(new HtmlReport.Change("total", base.total().pssBytes(), s.total().pssBytes()));
        }
        long pid = ProcessHandle.current().pid();
        String target = mainName(System.getProperty("sun.java.command"));
        String measuredBy = "the wrss agent " + control.stats().version() + " in this JVM";
        String json =
                ReportJson.write(pid, target, "agent", measuredBy, s, control.selfCost(), mappings);
        return HtmlReport.render(
                new HtmlReport.Input(
                        pid,
                        target,
                        measuredBy,
                        s,
                        mappings,
                        points,
                        diff,
                        NativeHeapReport.format(control.nativeHeap()),
                        json));
    }

    /** The main class or jar of a java command line, as the command line's headings show it. */
    static String mainName(String javaCommand) {
        if (javaCommand == null || javaCommand.isBlank()) {
            return "?";
        }
        String first = javaCommand.trim().split("\\s+")[0];
        return first.endsWith(".jar") ? first.substring(first.lastIndexOf('/') + 1) : first;
    }
}
