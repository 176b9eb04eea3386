package dev.wrss.agent;

import dev.wrss.agent.scan.FootprintScanner;
import dev.wrss.agent.run.Sampler;
import dev.wrss.agent.run.IdleControl;
import dev.wrss.agent.history.History;
import dev.wrss.agent.host.HostProbe;
import dev.wrss.agent.pages.SupermincoreQueries;
import dev.wrss.agent.layout.JvmFacts;
import dev.wrss.agent.layout.LayoutProbe;
import dev.wrss.agent.pagemap.AutoSource;
import dev.wrss.agent.pagemap.PagemapReader;
import dev.wrss.agent.proc.MappingSource;
import dev.wrss.agent.proc.SmapsReader;
import dev.wrss.agent.proc.StatmReader;
import dev.wrss.mbeans.FootprintSnapshot;
import dev.wrss.mbeans.WrssMBeans;

import java.lang.instrument.Instrumentation;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The entry points. {@code premain} and {@code agentmain} only parse the options, start the
 * {@code wrss-scanner} daemon thread and return; everything that can fail happens on that thread.
 */
public final class Agent {

    private static final Object LOCK = new Object();
    private static Sampler running;

    private Agent() {
    }

    public static void premain(String args, Instrumentation inst) {
        start(args, inst, "premain");
    }

    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst, "agentmain");
    }

    /** The jar's Implementation-Version, or "dev" when run from classes. */
    public static String version() {
        String v = Agent.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** Classes of wrss's own packages loaded in this JVM (shaded dependencies included). */
    private static int ownClasses(Instrumentation inst) {
        if (inst == null) {
            return -1;
        }
        int n = 0;
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (c.getName().startsWith("dev.wrss.")) {
                n++;
            }
        }
        return n;
    }

    // premain must not throw: an exception there aborts JVM start-up
    private static void start(String args, Instrumentation inst, String how) {
        try {
            AgentOptions options = AgentOptions.parse(args);
            AgentLog log = new AgentLog(options.log());
            String problems = options.problemLine();
            if (problems != null && !"off".equals(options.log())) {
                System.err.println("[wrss] " + problems);
            }
            synchronized (LOCK) {
                if (running != null) {
                    // loaded again (a second -javaagent, or attach after -javaagent): take the new interval
                    running.setIntervalMillis(options.intervalMillis());
                    log.info("already running; interval now " + options.intervalMillis() + " ms");
                    return;
                }
                StatmReader statm = new StatmReader(options.procRoot(), "self", 4096);
                Sampler sampler = new Sampler(() -> newScanner(options, statm), options, log, statm,
                        () -> ownClasses(inst), version(),
                        new SupermincoreQueries(options.procRoot(), Path.of("/sys")));
                Thread t = new Thread(() -> runScanner(sampler, args, options, log, how), "wrss-scanner");
                t.setDaemon(true);
                t.setPriority(Thread.MIN_PRIORITY);
                t.start();
                running = sampler;
            }
        } catch (Throwable t) {
            try {
                System.err.println("[wrss] not started: " + Sampler.describe(t));
            } catch (Throwable ignored) {
                // nothing left to do that could not fail again
            }
        }
    }

    /**
     * @param statm the tripwire's reader, read by the sampler before every walk on the same thread: its data
     *              field tells the layout probe when the non-heap pools' committed sizes may have moved
     */
    public static FootprintScanner newScanner(AgentOptions options, StatmReader statm) {
        long pid = ProcessHandle.current().pid();
        LayoutProbe probe = new LayoutProbe(JvmFacts.over(ManagementFactory.getPlatformMBeanServer()), pid, options.procRoot(),
                options.maxPauseMicros() * 1000, statm::dataPages);
        return new FootprintScanner(source(options), probe, options.topThreads(), options.topFiles(),
                new HostProbe(options.procRoot(), Path.of("/sys"), pid, options.maxAgeMillis()));
    }

    /**
     * mode=auto reads smaps while the process is small and pagemap in bounded chunks once its resident size
     * passes largeRss, so that a scan never holds the mmap lock for a whole large mapping's page walk.
     */
    static MappingSource source(AgentOptions options) {
        return switch (options.mode()) {
            case "pagemap" -> new PagemapReader(options.procRoot(), "self");
            case "auto" -> new AutoSource(options.procRoot(), "self", options.largeRssBytes(), options.maxAgeMillis(),
                    options.widenReads());
            default -> new SmapsReader(options.procRoot(), "self", options.widenReads());
        };
    }

    private static void runScanner(Sampler sampler, String args, AgentOptions options, AgentLog log, String how) {
        try {
            if (!Files.isReadable(options.procRoot().resolve("self").resolve("smaps"))) {
                String why = "disabled: " + options.procRoot() + "/self/smaps is not readable (wrss needs Linux /proc)";
                WrssMBeans.register(ManagementFactory.getPlatformMBeanServer(),
                        new IdleControl(FootprintSnapshot.unavailable(options.mode(), why)));
                log.problem("noproc", why);
                return;
            }
            History history = HistoryWiring.wire(args, options, sampler, log); // before the beans: they read thresholds
            WrssMBeans.Registration reg = WrssMBeans.registerDetailed(ManagementFactory.getPlatformMBeanServer(), sampler);
            if (reg.alreadyRegistered()) {
                log.problem("registered", "wrss MBeans were already registered by another copy of the agent; "
                        + "this copy stays idle");
                return;
            }
            if (history != null) {
                WrssMBeans.registerHistory(ManagementFactory.getPlatformMBeanServer(), sampler, history);
            }
            log.info("started (" + how + "), interval " + options.intervalMillis() + " ms, MBeans under wrss:*");
            sampler.run();
        } catch (Throwable t) {
            log.problem("agent", "stopped: " + Sampler.describe(t));
        }
    }
}
