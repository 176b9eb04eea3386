package dev.wrss.agent.jfr;

import dev.wrss.agent.AgentLog;
import dev.wrss.mbeans.FootprintControl;
import java.util.function.BooleanSupplier;

/**
 * Publishes the scans as JDK Flight Recorder events when the JVM has the {@code jdk.jfr} module. This class
 * names no JFR type: {@link WrssEvents}, which does, is loaded only after the module is found, so a runtime
 * image without it (jlink) loses the events and nothing else.
 */
public final class JfrGlue {

    private JfrGlue() {}

    private static final BooleanSupplier NEVER = () -> false;

    /**
     * Never throws: a JVM whose recorder refuses the events keeps the MBeans.
     *
     * @return true from when the recorder is initialized and the events are registered
     */
    public static BooleanSupplier install(FootprintControl control, AgentLog log) {
        try {
            if (ModuleLayer.boot().findModule("jdk.jfr").isEmpty()) {
                log.debug("no jdk.jfr module: no wrss.* JFR events");
                return NEVER;
            }
            return (BooleanSupplier)
                    Class.forName(
                                    "dev.wrss.agent.jfr.WrssEvents",
                                    true,
                                    JfrGlue.class.getClassLoader())
                            .getMethod("install", FootprintControl.class)
                            .invoke(null, control);
        } catch (Throwable t) {
            log.problem("jfr", "wrss.* JFR events not registered: " + AgentLog.describe(t));
            return NEVER;
        }
    }
}
