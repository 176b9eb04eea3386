package dev.wrss.agent;

import dev.wrss.agent.layout.JvmFacts;
import dev.wrss.agent.nativeheap.NativeHeapProbe;
import dev.wrss.agent.pages.SupermincoreQueries;
import dev.wrss.agent.proc.StatmReader;
import dev.wrss.agent.run.AgentControl;
import dev.wrss.agent.run.Sampler;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;

/**
 * The entry points, reached through {@code dev.wrss.boot}'s version check. {@code premain} and
 * {@code agentmain} only start the {@code wrss-scanner} daemon thread and return; parsing the options and
 * everything that can fail or touches the JVM happens on that thread ({@link Startup}).
 */
public final class Agent {

    private static final Object LOCK = new Object();
    private static Sampler running;
    private static AgentLog runningLog;

    /** Loads so far, and how many of them have been settled: each settles in the order it was loaded. */
    private static int launches;

    private static int settled;

    private Agent() {}

    public static void premain(String args, Instrumentation inst) {
        start(args, inst, true);
    }

    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst, false);
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
        ClassLoader ours = Agent.class.getClassLoader();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            // the loader first: getName() makes and keeps a String for each JDK class never named
            // before
            if (c.getClassLoader() == ours && c.getName().startsWith("dev.wrss.")) {
                n++;
            }
        }
        return n;
    }

    // premain must not throw: an exception there aborts JVM start-up. It only starts the thread, so
    // that main does not wait for the agent's classes to load
    private static void start(String args, Instrumentation inst, boolean premain) {
        try {
            int seq;
            synchronized (LOCK) {
                seq = ++launches;
            }
            Thread t = new Thread(new Launch(args, inst, premain, seq), "wrss-scanner");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            t.start();
        } catch (Throwable t) {
            notStarted(t);
        }
    }

    private static void notStarted(Throwable t) {
        try {
            System.err.println("[wrss] not started: " + AgentLog.describe(t));
        } catch (Throwable ignored) {
            // nothing left to do that could not fail again
        }
    }

    /** The agent's life on its own thread: a class rather than a lambda, which premain would pay to link. */
    private static final class Launch implements Runnable {
        private final String args;
        private final Instrumentation inst;
        private final boolean premain;
        private final int seq;

        Launch(String args, Instrumentation inst, boolean premain, int seq) {
            this.args = args;
            this.inst = inst;
            this.premain = premain;
            this.seq = seq;
        }

        /**
         * Two -javaagent flags start two threads: the first flag's must build the agent and the last one's
         * interval must hold, as when premain did it all. Bounded, for a predecessor that never ran.
         */
        private void awaitTurn() {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (settled < seq - 1) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return;
                }
                try {
                    LOCK.wait(left);
                } catch (InterruptedException e) {
                    // a wake-up like any other: the loop checks again
                }
            }
        }

        @Override
        public void run() {
            try {
                AgentOptions options = AgentOptions.parse(args);
                AgentControl control;
                AgentLog log;
                synchronized (LOCK) {
                    awaitTurn();
                    settled = Math.max(settled, seq);
                    LOCK.notifyAll();
                    if (running != null) {
                        // loaded again (a second -javaagent, or attach after -javaagent): take the
                        // new interval
                        running.setIntervalMillis(options.intervalMillis());
                        runningLog.info(
                                "already running; interval now "
                                        + options.intervalMillis()
                                        + " ms");
                        return;
                    }
                    log = new AgentLog(options.log(), options.logTo());
                    String problems = options.problemLine();
                    if (problems != null) {
                        log.problem("options", problems);
                    }
                    StatmReader statm = new StatmReader(options.procRoot(), "self", 4096);
                    JvmFacts facts = JvmFacts.inThisProcess(inst);
                    NativeHeapProbe nativeHeap =
                            new NativeHeapProbe(
                                    options.procRoot(),
                                    options.allowTrim(),
                                    options.maxAgeMillis(),
                                    facts);
                    Sampler sampler =
                            new Sampler(
                                    () -> Startup.newScanner(options, statm, nativeHeap, facts),
                                    options,
                                    log,
                                    statm,
                                    () -> ownClasses(inst),
                                    version());
                    control =
                            new AgentControl(
                                    sampler,
                                    new SupermincoreQueries(options.procRoot(), Path.of("/sys")),
                                    nativeHeap);
                    running = sampler;
                    runningLog = log;
                }
                Startup.run(control, args, options, log, premain, inst);
            } catch (Throwable t) {
                notStarted(t);
            }
        }
    }
}
