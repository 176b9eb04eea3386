package dev.wrss.mbeans;

import java.lang.management.ManagementFactory;
import java.util.List;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Run in a child JVM by {@link RegistrationClassesTest}: what the agent does with the beans at start and on
 * every scrape (register them all, History included, then read every attribute of every bean in bulk, twice),
 * and nothing else.
 */
final class RegisterAndReadAll {

    private RegisterAndReadAll() {}

    public static void main(String[] args) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        SwappingControl control = new SwappingControl();
        control.publishNext();
        WrssMBeans.Registration reg =
                WrssMBeans.registerDetailed(server, control, new FixedHistory(control.latest()));
        if (!reg.problems().isEmpty()) {
            throw new IllegalStateException(reg.problems().toString());
        }
        int values = 0;
        for (int scrape = 0; scrape < 2; scrape++) {
            control.publishNext();
            for (ObjectName name : reg.registered()) {
                MBeanAttributeInfo[] infos = server.getMBeanInfo(name).getAttributes();
                String[] names = new String[infos.length];
                for (int i = 0; i < infos.length; i++) {
                    names[i] = infos[i].getName();
                }
                values += server.getAttributes(name, names).size();
            }
        }
        System.out.println("read " + values + " values");
    }

    /** A history that holds one snapshot and nothing else. */
    private static final class FixedHistory implements HistoryControl {

        private final FootprintSnapshot baseline;

        FixedHistory(FootprintSnapshot baseline) {
            this.baseline = baseline;
        }

        @Override
        public String retention() {
            return "1h@10s";
        }

        @Override
        public long samples() {
            return 1;
        }

        @Override
        public long oldestEpochMillis() {
            return baseline.epochMillis();
        }

        @Override
        public long retainedBytes() {
            return 0;
        }

        @Override
        public List<Growth> growth() {
            return List.of(new Growth("total", 0, 0, 0));
        }

        @Override
        public List<Sample> samples(long fromMillis, long toMillis) {
            return List.of();
        }

        @Override
        public FootprintSnapshot takeBaseline() {
            return baseline;
        }

        @Override
        public FootprintSnapshot baseline() {
            return baseline;
        }

        @Override
        public List<DiffTopRow> diffTop() {
            return List.of();
        }
    }
}
