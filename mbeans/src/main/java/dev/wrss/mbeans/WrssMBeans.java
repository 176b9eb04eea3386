package dev.wrss.mbeans;

import java.util.ArrayList;
import java.util.List;
import javax.management.DynamicMBean;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Registers and unregisters every wrss MBean, and builds their ObjectNames in one place. Neither method
 * throws: an agent loaded twice finds its names taken and leaves the first agent's beans in place.
 */
public final class WrssMBeans {

    private WrssMBeans() {}

    /**
     * What one registration did.
     *
     * @param registered the names this call registered: pass these, and only these, to {@link #unregister}
     * @param alreadyPresent names some other registration holds (the agent was loaded twice); left as they are
     * @param problems everything else that went wrong, one line each
     */
    public record Registration(
            List<ObjectName> registered, List<ObjectName> alreadyPresent, List<String> problems) {

        public Registration {
            registered = List.copyOf(registered);
            alreadyPresent = List.copyOf(alreadyPresent);
            problems = List.copyOf(problems);
        }

        /** True if at least one name was held already, i.e. another wrss publishes here. */
        public boolean alreadyRegistered() {
            return !alreadyPresent.isEmpty();
        }
    }

    /**
     * Registers every wrss bean but History.
     *
     * @return the names this call registered; empty if another registration holds them all
     */
    public static List<ObjectName> register(MBeanServer server, FootprintControl control) {
        return registerDetailed(server, control, null).registered();
    }

    /**
     * Registers every wrss bean, History only if {@code history} is not null, and says which names
     * were taken and what failed. Footprint comes last, so a client that finds it finds the rest.
     */
    public static Registration registerDetailed(
            MBeanServer server, FootprintControl control, HistoryControl history) {
        List<ObjectName> registered = new ArrayList<>();
        List<ObjectName> present = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (server == null || control == null) {
            problems.add(
                    "nothing registered: "
                            + (server == null ? "no MBeanServer" : "no FootprintControl"));
            return new Registration(registered, present, problems);
        }
        List<String> names = new ArrayList<>();
        List<DynamicMBean> beans = new ArrayList<>();
        try {
            names.add(ThreadStacksMXBean.OBJECT_NAME);
            beans.add(new ThreadStacksBean(control));
            names.add(MappedFilesMXBean.OBJECT_NAME);
            beans.add(new MappedFilesBean(control));
            names.add(SystemMXBean.OBJECT_NAME);
            beans.add(new SystemBean(control));
            names.add(PagesMXBean.OBJECT_NAME);
            beans.add(new PagesBean(control));
            names.add(NativeHeapMXBean.OBJECT_NAME);
            beans.add(new NativeHeapBean(control));
            for (int i = 0; i < Region.count(); i++) {
                Region r = Region.ofOrdinal(i);
                names.add(regionName(r).toString());
                beans.add(new RegionBean(control, r));
            }
            if (history != null) {
                names.add(HistoryMXBean.OBJECT_NAME);
                beans.add(new HistoryBean(control, history));
            }
            names.add(FootprintMXBean.OBJECT_NAME);
            beans.add(new FootprintBean(control, history));
        } catch (RuntimeException e) {
            problems.add("building the MBeans failed: " + e);
        }
        for (int i = 0; i < beans.size(); i++) {
            register(server, names.get(i), beans.get(i), registered, present, problems);
        }
        return new Registration(registered, present, problems);
    }

    private static void register(
            MBeanServer server,
            String name,
            DynamicMBean bean,
            List<ObjectName> registered,
            List<ObjectName> present,
            List<String> problems) {
        ObjectName objectName = null;
        try {
            objectName = objectName(name);
            registered.add(server.registerMBean(bean, objectName).getObjectName());
        } catch (InstanceAlreadyExistsException e) {
            // the JDK's ManagementFactoryHelper.addMBean does the same: someone published here
            // first, keep theirs
            present.add(objectName);
        } catch (Exception e) {
            problems.add("registering " + name + " failed: " + e);
        }
    }

    /** Unregisters the given names; names already gone are fine, other failures are ignored. */
    public static void unregister(MBeanServer server, List<ObjectName> names) {
        if (server == null || names == null) {
            return;
        }
        for (ObjectName name : names) {
            try {
                server.unregisterMBean(name);
            } catch (InstanceNotFoundException e) {
                // unregistered by someone else already: the goal is reached
            } catch (Exception e) {
                // nothing useful to do at shutdown; the JVM is going away or the server is not ours
            }
        }
    }

    /** {@code wrss:type=Region,name=<id>}, key order as written, which jmx_exporter rules rely on. */
    public static ObjectName regionName(Region region) {
        return objectName(RegionMXBean.OBJECT_NAME_PREFIX + region.id());
    }

    /** Every wrss name is built from a string so that {@code type} stays the first key property. */
    static ObjectName objectName(String name) {
        try {
            return new ObjectName(name);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("not an ObjectName: " + name, e);
        }
    }
}
