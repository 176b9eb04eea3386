import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Run by FootprintCost and TightContainer, compiled once: a small service's footprint (64 MiB of live data, or
 * the MiB given as the argument; 50 sleeping threads) that creates the platform MBeanServer at the start of
 * main, as a JMX-managed application does. Prints READY when built, then waits for a line on stdin before it
 * exits.
 */
public class SmallApp {
    public static void main(String[] args) throws Exception {
        ManagementFactory.getPlatformMBeanServer();
        byte[][] data = new byte[args.length > 0 ? Integer.parseInt(args[0]) : 64][];
        for (int i = 0; i < data.length; i++) {
            data[i] = new byte[1 << 20];
            Arrays.fill(data[i], (byte) 1);
        }
        for (int i = 0; i < 50; i++) {
            Thread t = new Thread(() -> {
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    // exit
                }
            });
            t.setDaemon(true);
            t.start();
        }
        System.out.println("READY");
        System.in.read();
        System.out.println(data.length);
    }
}
