package dev.wrss.agent.cli.target;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.management.MBeanServerConnection;

/**
 * The bound on each step that waits for a target: an attach, a diagnostic command, a JMX connect or call, a read
 * of the target's /proc files. A stopped JVM (SIGSTOP, a frozen cgroup) accepts connections and never answers,
 * and no JDK call here takes a timeout, so each step runs on a daemon worker and is abandoned when it overruns;
 * the worker may stay blocked, but it keeps neither the command nor the process from ending.
 */
public final class Deadline {

    public static final long DEFAULT_MILLIS = 10_000;

    private static final ExecutorService WORKERS =
            Executors.newCachedThreadPool(
                    r -> {
                        Thread t = new Thread(r, "wrss-deadline");
                        t.setDaemon(true);
                        return t;
                    });

    private final long pid;
    private final long millis;
    private volatile boolean expired;

    public Deadline(long pid, long millis) {
        this.pid = pid;
        this.millis = millis;
    }

    long millis() {
        return millis;
    }

    /** True once a step overran: the target is not answering. */
    boolean expired() {
        return expired;
    }

    /** Runs {@code step}, which may throw what it likes; a step that overruns ends in a TIMEOUT failure. */
    public <T> T call(String what, Callable<T> step) throws Exception {
        Future<T> f = WORKERS.submit(step);
        try {
            return f.get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            expired = true;
            throw timedOut(what);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception x) {
                throw x;
            }
            throw (Error) cause;
        }
    }

    /** Like {@link #call} for steps that throw only unchecked exceptions. */
    public <T> T get(String what, Callable<T> step) {
        try {
            return call(what, step);
        } catch (RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure(ExitCode.FAILURE, "interrupted while " + what);
        } catch (Exception e) {
            throw AttachSession.failure(what, e);
        }
    }

    /** A bound as the user wrote it: whole seconds in s, the rest in ms. */
    public static String show(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    CommandFailure timedOut(String what) {
        return new CommandFailure(
                ExitCode.TIMEOUT,
                "pid "
                        + pid
                        + " did not answer within "
                        + show(millis)
                        + " ("
                        + what
                        + "): it may be stopped (SIGSTOP, a frozen cgroup, docker pause) or hung; "
                        + "--timeout sets the bound");
    }

    /** Every call on {@code jmx} under this deadline, named by its method and arguments. */
    MBeanServerConnection guard(MBeanServerConnection jmx) {
        return (MBeanServerConnection)
                Proxy.newProxyInstance(
                        Deadline.class.getClassLoader(),
                        new Class<?>[] {MBeanServerConnection.class},
                        (proxy, method, args) -> {
                            String what =
                                    "JMX "
                                            + method.getName()
                                            + (args != null && args.length > 0
                                                    ? " " + args[0]
                                                    : "");
                            return call(
                                    what,
                                    () -> {
                                        try {
                                            return method.invoke(jmx, args);
                                        } catch (InvocationTargetException e) {
                                            throw e.getCause() instanceof Exception x
                                                    ? x
                                                    : new RuntimeException(e.getCause());
                                        }
                                    });
                        });
    }
}
