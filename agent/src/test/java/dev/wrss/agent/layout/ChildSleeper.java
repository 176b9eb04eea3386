package dev.wrss.agent.layout;

/**
 * A child JVM for the layout tests ({@link dev.wrss.agent.it.ChildJvm} starts it): a parked, named thread, some
 * live heap, then sleep until killed.
 */
public final class ChildSleeper {

    public static final String THREAD_NAME = "layout-parked, \"q\" #1";

    private ChildSleeper() {}

    public static void main(String[] args) throws Exception {
        Thread parked =
                new Thread(
                        () -> {
                            try {
                                Thread.sleep(Long.MAX_VALUE);
                            } catch (InterruptedException e) {
                                // exit
                            }
                        },
                        THREAD_NAME);
        parked.setDaemon(true);
        parked.start();
        byte[][] live = new byte[100][];
        for (int i = 0; i < live.length; i++) {
            live[i] = new byte[100_000];
        }
        System.out.println("READY " + live.length);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
