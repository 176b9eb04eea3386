package dev.wrss.agent.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/**
 * A second application for the reliability tests, speaking {@link ChildApp}'s protocol (READY, then
 * {@code OK <command>} per stdin line): builds what ChildApp cannot, namely tens of thousands of mappings
 * and an MBean squatting on wrss's ObjectName, and runs ChildApp's commands for the rest.
 */
public final class StressApp {

    private static final List<Object> KEEP = new ArrayList<>();

    /** What the squatter publishes under wrss's name: any MBean at all. */
    public interface SquatMBean {
        String getOwner();
    }

    private StressApp() {
    }

    public static void main(String[] args) throws IOException {
        System.out.println("READY " + ProcessHandle.current().pid());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] a = line.trim().split(" ");
            try {
                switch (a[0]) {
                    case "ping" -> { }
                    case "mappings" -> mappings(Integer.parseInt(a[1]), a[2]);
                    case "squat" -> ManagementFactory.getPlatformMBeanServer().registerMBean(
                            new StandardMBean((SquatMBean) () -> "not wrss", SquatMBean.class),
                            new ObjectName("wrss:type=Footprint"));
                    case "exit" -> System.exit(Integer.parseInt(a[1]));
                    default -> throw new IllegalArgumentException("unknown command " + a[0]);
                }
                System.out.println("OK " + line.trim());
            } catch (Throwable t) {
                System.out.println("ERR " + line.trim() + " " + t);
            }
            System.out.flush();
        }
    }

    /**
     * Maps the first 4 KiB page of {@code path} {@code n} times: the kernel cannot merge mappings of the same
     * offset, so each is one line in smaps. Touches every page so that each mapping has Rss.
     */
    static void mappings(int n, String path) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(path, "rw"); FileChannel ch = f.getChannel()) {
            f.setLength(4096);
            for (int i = 0; i < n; i++) {
                MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, 0, 4096);
                m.get(0);
                KEEP.add(m);
            }
        }
    }
}
