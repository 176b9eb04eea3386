package dev.wrss.agent;

import dev.wrss.agent.history.History;
import dev.wrss.agent.host.HostProbe;
import dev.wrss.agent.jfr.JfrGlue;
import dev.wrss.agent.layout.JvmFacts;
import dev.wrss.agent.layout.LayoutProbe;
import dev.wrss.agent.nativeheap.NativeHeapProbe;
import dev.wrss.agent.pagemap.AutoSource;
import dev.wrss.agent.pagemap.PagemapReader;
import dev.wrss.agent.proc.MappingSource;
import dev.wrss.agent.proc.SmapsReader;
import dev.wrss.agent.proc.StatmReader;
import dev.wrss.agent.run.AgentControl;
import dev.wrss.agent.run.Sampler;
import dev.wrss.agent.run.UnavailableControl;
import dev.wrss.agent.scan.FootprintScanner;
import dev.wrss.mbeans.FootprintMXBean;
import dev.wrss.mbeans.FootprintSnapshot;
import dev.wrss.mbeans.WrssMBeans;
import java.lang.instrument.Instrumentation;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * What the {@code wrss-scanner} thread does from its start: wait at the {@link StartGate}, scan once, then
 * register the MBeans and hand over to the {@link Sampler}. Nothing here lets a Throwable out of the thread, and a refused
 * registration stops the agent: a scanner that nobody can read is cost for nothing.
 */
public final class Startup {

    private Startup() {}

    /** @param args the agent's option string, whose history and threshold keys {@link HistoryWiring} reads */
    static void run(
            AgentControl control,
            String args,
            AgentOptions options,
            AgentLog log,
            boolean premain,
            Instrumentation inst) {
        Sampler sampler = control.sampler();
        try {
            // JFR is JVM-wide, but registering its events touches nothing the application
            // configures; while a recording runs, scans go on behind the shut gate, so it has data
            // from the start
            JfrGlue recording = JfrGlue.install(control, log);
            String why =
                    new StartGate(options.startDelayMillis(premain), inst, System::nanoTime)
                            .await(
                                    () -> {
                                        if (recording.getAsBoolean()) {
                                            sampler.scanIfDue();
                                        }
                                    });
            log.ready();
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (!Files.isReadable(options.procRoot().resolve("self").resolve("smaps"))) {
                String idle =
                        "disabled: "
                                + options.procRoot()
                                + "/self/smaps is not readable (wrss needs Linux /proc)";
                sampler.stopWith(idle);
                WrssMBeans.register(
                        server,
                        new UnavailableControl(
                                FootprintSnapshot.unavailable(options.mode(), idle)));
                log.problem("noproc", idle);
                return;
            }
            History history =
                    HistoryWiring.wire(
                            args, options, control, log,
                            recording); // before the beans: they read thresholds
            if (!server.isRegistered(new ObjectName(FootprintMXBean.OBJECT_NAME))) {
                sampler.prepare(); // the first scan before registration: the MBeans appear with
                // data
            }
            WrssMBeans.Registration reg = WrssMBeans.registerDetailed(server, control, history);
            if (reg.alreadyRegistered()) {
                WrssMBeans.unregister(server, reg.registered());
                sampler.stopWith("stopped: another copy of the agent publishes wrss:*");
                log.problem(
                        "registered",
                        "wrss MBeans were already registered by another copy of the agent; "
                                + "this copy stays idle");
                return;
            }
            if (!reg.registered().contains(new ObjectName(FootprintMXBean.OBJECT_NAME))) {
                WrssMBeans.unregister(server, reg.registered());
                String refused =
                        "MBean registration failed, wrss stopped: "
                                + (reg.problems().isEmpty()
                                        ? "nothing registered"
                                        : shorten(reg.problems().get(0)));
                sampler.stopWith(refused);
                log.problem("register", refused);
                return;
            }
            if (!reg.problems().isEmpty()) {
                log.problem(
                        "register-some",
                        "some MBeans were not registered: " + shorten(reg.problems().get(0)));
            }
            log.info(
                    "started ("
                            + (premain ? "premain" : "agentmain")
                            + "; "
                            + why
                            + "), interval "
                            + options.intervalMillis()
                            + " ms, MBeans under wrss:*");
            sampler.run();
        } catch (Throwable t) {
            try {
                sampler.stopWith("stopped: " + AgentLog.describe(t));
                log.problem("agent", "stopped: " + AgentLog.describe(t));
            } catch (Throwable ignored) {
                // nothing left to do that could not fail again
            }
        }
    }

    private static String shorten(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    /**
     * @param statm the tripwire's reader, read by the sampler before every scan on the same thread: its data
     *              field tells the layout probe when the non-heap pools' committed sizes may have moved
     */
    public static FootprintScanner newScanner(AgentOptions options, StatmReader statm) {
        return newScanner(options, statm, null);
    }

    /** @param nativeHeap where the scanner publishes the native heap's view; null for none */
    public static FootprintScanner newScanner(
            AgentOptions options, StatmReader statm, NativeHeapProbe nativeHeap) {
        return newScanner(options, statm, nativeHeap, JvmFacts.inThisProcess(null));
    }

    /** @param facts this JVM's facts, {@link JvmFacts#inThisProcess} */
    public static FootprintScanner newScanner(
            AgentOptions options, StatmReader statm, NativeHeapProbe nativeHeap, JvmFacts facts) {
        long pid = ProcessHandle.current().pid();
        LayoutProbe probe =
                new LayoutProbe(
                        facts,
                        pid,
                        options.procRoot(),
                        options.maxPauseMicros() * 1000,
                        statm::dataPages);
        if (!options.vmInfo()) {
            probe.withoutVmInfo();
        }
        return new FootprintScanner(
                source(options),
                probe,
                options.topThreads(),
                options.topFiles(),
                new HostProbe(options.procRoot(), Path.of("/sys"), pid, options.maxAgeMillis()),
                nativeHeap);
    }

    /**
     * mode=auto reads smaps while the process is small and pagemap in bounded chunks once its resident size
     * passes largeRss, so that a scan never holds the mmap lock for a whole large mapping's page walk.
     */
    static MappingSource source(AgentOptions options) {
        return switch (options.mode()) {
            case "pagemap" -> new PagemapReader(options.procRoot(), "self");
            case "auto" ->
                    new AutoSource(
                            options.procRoot(),
                            "self",
                            options.largeRssBytes(),
                            options.maxAgeMillis());
            default -> new SmapsReader(options.procRoot(), "self");
        };
    }
}
