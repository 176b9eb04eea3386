package dev.wrss.agent.jfr;

import dev.wrss.agent.AgentLog;
import dev.wrss.agent.run.SnapshotSink;
import dev.wrss.mbeans.FootprintControl;
import dev.wrss.mbeans.FootprintSnapshot;
import java.util.function.BooleanSupplier;

/**
 * Publishes the scans as JDK Flight Recorder events when the JVM has the {@code jdk.jfr} module. This class
 * names no JFR type: {@link WrssEvents}, which does, is loaded only after the module is found, so a runtime
 * image without it (jlink) loses the events and nothing else. It is also a {@link SnapshotSink}, so that the
 * sampler asks at every interval whether a recording began.
 */
public final class JfrGlue implements BooleanSupplier, SnapshotSink {

    private final AgentLog log;
    private BooleanSupplier events; // null once given up; scanner thread only

    private JfrGlue(BooleanSupplier events, AgentLog log) {
        this.events = events;
        this.log = log;
    }

    /** Never throws: a JVM whose recorder refuses the events keeps the MBeans. */
    public static JfrGlue install(FootprintControl control, AgentLog log) {
        try {
            if (ModuleLayer.boot().findModule("jdk.jfr").isEmpty()) {
                log.debug("no jdk.jfr module: no wrss.* JFR events");
                return new JfrGlue(null, log);
            }
            return new JfrGlue(
                    (BooleanSupplier)
                            Class.forName(
                                            "dev.wrss.agent.jfr.WrssEvents",
                                            true,
                                            JfrGlue.class.getClassLoader())
                                    .getConstructor(FootprintControl.class)
                                    .newInstance(control),
                    log);
        } catch (Throwable t) {
            log.problem("jfr", "wrss.* JFR events not registered: " + AgentLog.describe(t));
            return new JfrGlue(null, log);
        }
    }

    /** @return true from when the recorder is initialized and the events are registered; never throws */
    @Override
    public boolean getAsBoolean() {
        BooleanSupplier e = events;
        if (e == null) {
            return false;
        }
        try {
            return e.getAsBoolean();
        } catch (Throwable t) {
            events = null; // a recorder that refused once refuses again: stop asking
            log.problem("jfr", "wrss.* JFR events not registered: " + AgentLog.describe(t));
            return false;
        }
    }

    @Override
    public void published(FootprintSnapshot s) {
        getAsBoolean();
    }

    @Override
    public void unchanged(long epochMillis) {
        getAsBoolean();
    }
}
