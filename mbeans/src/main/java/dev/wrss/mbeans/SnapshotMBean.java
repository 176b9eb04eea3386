package dev.wrss.mbeans;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.ImmutableDescriptor;
import javax.management.InvalidAttributeValueException;
import javax.management.ListenerNotFoundException;
import javax.management.MBeanInfo;
import javax.management.MBeanNotificationInfo;
import javax.management.NotificationBroadcasterSupport;
import javax.management.NotificationEmitter;
import javax.management.NotificationFilter;
import javax.management.NotificationListener;
import javax.management.ReflectionException;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.OpenMBeanAttributeInfo;
import javax.management.openmbean.OpenMBeanConstructorInfo;
import javax.management.openmbean.OpenMBeanInfoSupport;
import javax.management.openmbean.OpenMBeanOperationInfo;

/**
 * The one implementation behind every wrss MBean: a table of {@link SnapshotAttribute}s, each a function of
 * one {@link FootprintSnapshot}, plus a few {@link SnapshotOperation}s. Getters read
 * {@link FootprintControl#latest()} and never scan; {@link #getAttributes} reads it once, so a bulk read
 * (what jmx_exporter and JConsole do) never mixes two scans.
 *
 * <p>A DynamicMBean rather than a StandardEmitterMBean subclass: a StandardMBean answers a bulk read by
 * calling one getter per attribute, so one-snapshot reads would need a {@code getAttributes} override anyway,
 * and descriptions and units would need per-attribute {@code getDescription} overrides kept in step with the
 * interface. A table states name, open type, description, units and value once; the public
 * {@code *MXBean} interfaces document the contract and serve typed proxies, and a test keeps both in step.
 */
abstract class SnapshotMBean implements DynamicMBean, NotificationEmitter {

    private final FootprintControl control;
    private final Map<String, SnapshotAttribute> attributes = new LinkedHashMap<>();
    private final Map<String, SnapshotOperation> operations = new LinkedHashMap<>();
    private final MBeanInfo info;
    private final MBeanNotificationInfo[] notifications;

    /** Synchronous: sendNotification runs on the thread that calls it, which is never the scanner's. */
    private final NotificationBroadcasterSupport broadcaster;

    SnapshotMBean(
            FootprintControl control,
            Class<?> mxbeanInterface,
            String description,
            List<SnapshotAttribute> attributeTable,
            List<SnapshotOperation> operationTable) {
        this(
                control,
                mxbeanInterface,
                description,
                attributeTable,
                operationTable,
                new MBeanNotificationInfo[0]);
    }

    SnapshotMBean(
            FootprintControl control,
            Class<?> mxbeanInterface,
            String description,
            List<SnapshotAttribute> attributeTable,
            List<SnapshotOperation> operationTable,
            MBeanNotificationInfo[] notificationTable) {
        this.control = control;
        this.notifications = notificationTable.clone();
        this.broadcaster = new NotificationBroadcasterSupport(notificationTable);
        attributeTable.forEach(a -> attributes.put(a.name(), a));
        operationTable.forEach(o -> operations.put(o.name(), o));
        info =
                new OpenMBeanInfoSupport(
                        getClass().getName(),
                        description,
                        attributeTable.stream()
                                .map(SnapshotAttribute::info)
                                .toArray(OpenMBeanAttributeInfo[]::new),
                        new OpenMBeanConstructorInfo[0],
                        operationTable.stream()
                                .map(SnapshotOperation::info)
                                .toArray(OpenMBeanOperationInfo[]::new),
                        notificationTable.clone(),
                        // the values are all open types, so clients may treat the bean like an
                        // MXBean of that interface
                        new ImmutableDescriptor(
                                "mxbean=true",
                                "immutableInfo=true",
                                "interfaceClassName=" + mxbeanInterface.getName()));
    }

    /** The snapshot to answer from; a control that breaks its contract yields zeros, not an exception. */
    private FootprintSnapshot snapshot() {
        FootprintSnapshot s = control.latest();
        return s != null ? s : FootprintSnapshot.unavailable("unknown", "no snapshot published");
    }

    @Override
    public Object getAttribute(String name) throws AttributeNotFoundException {
        return read(attribute(name), snapshot());
    }

    @Override
    public AttributeList getAttributes(String[] names) {
        if (names == null) {
            return new AttributeList();
        }
        FootprintSnapshot s = snapshot(); // once: every value of this read comes from the same scan
        AttributeList values = new AttributeList(names.length);
        for (String name : names) {
            SnapshotAttribute a = attributes.get(name);
            if (a == null) {
                continue; // DynamicMBean contract: unknown names are left out, not reported
            }
            try {
                values.add(new Attribute(name, a.value().apply(s)));
            } catch (RuntimeException e) {
                // left out as well: one broken attribute must not cost the whole scrape
            }
        }
        return values;
    }

    @Override
    public void setAttribute(Attribute attribute)
            throws AttributeNotFoundException, InvalidAttributeValueException {
        SnapshotAttribute a = attribute(attribute.getName());
        if (a.setter() == null) {
            throw new AttributeNotFoundException(attribute.getName() + " is read-only");
        }
        if (!a.type().isValue(attribute.getValue())) {
            throw new InvalidAttributeValueException(
                    attribute.getName() + " takes " + a.type().getClassName());
        }
        a.setter().accept(attribute.getValue());
    }

    @Override
    public AttributeList setAttributes(AttributeList list) {
        AttributeList done = new AttributeList();
        for (Attribute attribute : list.asList()) {
            try {
                setAttribute(attribute);
                done.add(new Attribute(attribute.getName(), getAttribute(attribute.getName())));
            } catch (AttributeNotFoundException
                    | InvalidAttributeValueException
                    | RuntimeException e) {
                // DynamicMBean contract: the returned list holds only the attributes that were set
            }
        }
        return done;
    }

    @Override
    public Object invoke(String name, Object[] params, String[] signature)
            throws ReflectionException {
        SnapshotOperation o = operations.get(name);
        int given = params == null ? 0 : params.length;
        if (o == null || given != o.parameters().length) {
            throw new ReflectionException(
                    new NoSuchMethodException(name),
                    "no operation " + name + " with " + given + " parameters here");
        }
        try {
            return o.action().apply(params == null ? new Object[0] : params);
        } catch (RuntimeException e) {
            throw new RuntimeMBeanException(e, name + " failed: " + e);
        }
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        return info;
    }

    private SnapshotAttribute attribute(String name) throws AttributeNotFoundException {
        SnapshotAttribute a = name == null ? null : attributes.get(name);
        if (a == null) {
            throw new AttributeNotFoundException(
                    "no attribute " + name + " in " + getClass().getSimpleName());
        }
        return a;
    }

    private static Object read(SnapshotAttribute a, FootprintSnapshot s) {
        try {
            return a.value().apply(s);
        } catch (RuntimeException e) {
            throw new RuntimeMBeanException(e, "reading " + a.name() + " failed: " + e);
        }
    }

    /** Where this bean's notifications are sent from; see {@link ThresholdNotifications}. */
    NotificationBroadcasterSupport broadcaster() {
        return broadcaster;
    }

    @Override
    public void addNotificationListener(
            NotificationListener listener, NotificationFilter filter, Object handback) {
        broadcaster.addNotificationListener(listener, filter, handback);
    }

    @Override
    public void removeNotificationListener(NotificationListener listener)
            throws ListenerNotFoundException {
        broadcaster.removeNotificationListener(listener);
    }

    @Override
    public void removeNotificationListener(
            NotificationListener listener, NotificationFilter filter, Object handback)
            throws ListenerNotFoundException {
        broadcaster.removeNotificationListener(listener, filter, handback);
    }

    @Override
    public MBeanNotificationInfo[] getNotificationInfo() {
        return notifications.clone();
    }
}
