package dev.wrss.agent.it.hostile;

/** Does a little work and ends with status 0: an application that only has to run to completion. */
public final class PlainApp {

    public static void main(String[] args) throws Exception {
        long sum = 0;
        for (int i = 0; i < 1_000_000; i++) {
            sum += i;
        }
        Thread.sleep(500);
        System.out.println("DONE " + sum);
    }
}
