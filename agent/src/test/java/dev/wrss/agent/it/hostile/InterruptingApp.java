package dev.wrss.agent.it.hostile;

/**
 * Interrupts every thread named wrss-scanner every millisecond from start until told {@code stop}, counting the
 * interrupts; halts with 99 on any uncaught exception.
 */
public final class InterruptingApp extends HostileApp {

    private static volatile boolean interrupting = true;
    private static volatile long interrupts;

    public static void main(String[] args) throws Exception {
        haltOnUncaught();
        Thread t =
                new Thread(
                        () -> {
                            while (interrupting) {
                                for (Thread th : Thread.getAllStackTraces().keySet()) {
                                    if ("wrss-scanner".equals(th.getName())) {
                                        th.interrupt();
                                        interrupts++;
                                    }
                                }
                                try {
                                    Thread.sleep(1);
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        },
                        "interrupter");
        t.setDaemon(true);
        t.start();
        say("READY");
        serve(
                cmd -> {
                    if (cmd.equals("count")) {
                        return "OK count " + interrupts;
                    }
                    if (cmd.equals("stop")) {
                        interrupting = false;
                        try {
                            t.join();
                        } catch (InterruptedException e) {
                            return "ERR interrupted";
                        }
                        return "OK stop " + interrupts;
                    }
                    return null;
                });
    }
}
