package dev.wrss.mbeans;

import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.Descriptor;
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
import javax.management.openmbean.OpenMBeanAttributeInfoSupport;
import javax.management.openmbean.OpenMBeanConstructorInfo;
import javax.management.openmbean.OpenMBeanInfoSupport;
import javax.management.openmbean.OpenMBeanOperationInfoSupport;
import javax.management.openmbean.OpenMBeanParameterInfo;
import javax.management.openmbean.OpenType;

/**
 * The one implementation behind every wrss MBean: an {@link AttributeTable} of metadata, a {@link #value}
 * switch that reads each attribute from one source (for most beans a {@link FootprintSnapshot}), and a few
 * operations dispatched by {@link #operation}. Getters read the source and never scan; {@link #getAttributes}
 * reads it once, so a bulk read (what jmx_exporter and JConsole do) never mixes two scans.
 *
 * <p>A DynamicMBean rather than a StandardEmitterMBean subclass: a StandardMBean answers a bulk read by
 * calling one getter per attribute, so one-snapshot reads would need a {@code getAttributes} override anyway,
 * and descriptions and units would need per-attribute {@code getDescription} overrides kept in step with the
 * interface. Metadata as data and values in one switch per bean, not one function object per attribute: a
 * lambda is a class of its own, and the beans are built inside the host at start. The public {@code *MXBean}
 * interfaces document the contract and serve typed proxies, and a test keeps both in step.
 *
 * <p>One class past 250 lines because {@link DynamicMBean} and {@link NotificationEmitter} must each be
 * implemented whole by every bean, and their methods are short delegations.
 *
 * @param <S> what one read answers from
 */
abstract class SnapshotMBean<S> implements DynamicMBean, NotificationEmitter {

    static final MBeanNotificationInfo[] NO_NOTIFICATIONS = new MBeanNotificationInfo[0];
    static final OpenMBeanOperationInfoSupport[] NO_OPERATIONS =
            new OpenMBeanOperationInfoSupport[0];
    private static final OpenMBeanConstructorInfo[] NO_CONSTRUCTORS =
            new OpenMBeanConstructorInfo[0];
    private static final Object[] NO_ARGUMENTS = new Object[0];

    private final OpenMBeanAttributeInfoSupport[] attributes;
    private final OpenMBeanOperationInfoSupport[] operations;
    private final MBeanNotificationInfo[] notifications;
    private final MBeanInfo info;

    /** Synchronous: sendNotification runs on the thread that calls it, which is never the scanner's. */
    private final NotificationBroadcasterSupport broadcaster;

    /**
     * @param mxbean the MBeanInfo descriptor, from {@link #mxbean}: one per bean class, shared by its instances
     * @param notifications shared, never modified
     */
    SnapshotMBean(
            String description,
            Descriptor mxbean,
            OpenMBeanAttributeInfoSupport[] attributes,
            OpenMBeanOperationInfoSupport[] operations,
            MBeanNotificationInfo[] notifications) {
        this.attributes = attributes;
        this.operations = operations;
        this.notifications = notifications;
        this.broadcaster = new NotificationBroadcasterSupport(notifications);
        info =
                new OpenMBeanInfoSupport(
                        getClass().getName(),
                        description,
                        attributes,
                        NO_CONSTRUCTORS,
                        operations,
                        notifications,
                        mxbean);
    }

    /**
     * The MBeanInfo descriptor of a bean whose contract is {@code interfaceSimpleName}: the values are all open
     * types, so clients may treat the bean like an MXBean of that interface. Named, not loaded: the host needs
     * the interface's name only, and the interface lives in this package wherever the agent jar relocates it.
     */
    static Descriptor mxbean(String interfaceSimpleName) {
        return new ImmutableDescriptor(
                new String[] {"immutableInfo", "interfaceClassName", "mxbean"},
                new Object[] {
                    "true", SnapshotMBean.class.getPackageName() + "." + interfaceSimpleName, "true"
                });
    }

    static OpenMBeanOperationInfoSupport operationInfo(
            String name,
            String description,
            OpenType<?> returnType,
            int impact,
            OpenMBeanParameterInfo... parameters) {
        return new OpenMBeanOperationInfoSupport(name, description, parameters, returnType, impact);
    }

    /** The source of one read: called once per getAttribute or getAttributes call. */
    abstract S source();

    /** The value of this bean's attribute {@code name}. */
    abstract Object value(String name, S source);

    /** Sets a writable attribute; the value is of its open type. */
    void set(String name, Object value) {
        throw new UnsupportedOperationException(name + " is read-only");
    }

    /** Runs this bean's operation {@code name}; the argument count matches its signature. */
    Object operation(String name, Object[] arguments) {
        throw new UnsupportedOperationException("no operation " + name);
    }

    /** The latest snapshot; a control that breaks its contract yields zeros, not an exception. */
    static FootprintSnapshot latest(FootprintControl control) {
        FootprintSnapshot s = control.latest();
        return s != null ? s : FootprintSnapshot.unavailable("unknown", "no snapshot published");
    }

    @Override
    public Object getAttribute(String name) throws AttributeNotFoundException {
        return read(attribute(name).getName(), source());
    }

    @Override
    public AttributeList getAttributes(String[] names) {
        if (names == null) {
            return new AttributeList();
        }
        S s = source(); // once: every value of this read comes from the same scan
        AttributeList values = new AttributeList(names.length);
        for (String name : names) {
            if (find(name) == null) {
                continue; // DynamicMBean contract: unknown names are left out, not reported
            }
            try {
                values.add(new Attribute(name, value(name, s)));
            } catch (RuntimeException e) {
                // left out as well: one broken attribute must not cost the whole scrape
            }
        }
        return values;
    }

    @Override
    public void setAttribute(Attribute attribute)
            throws AttributeNotFoundException, InvalidAttributeValueException {
        OpenMBeanAttributeInfoSupport a = attribute(attribute.getName());
        if (!a.isWritable()) {
            throw new AttributeNotFoundException(attribute.getName() + " is read-only");
        }
        if (!a.getOpenType().isValue(attribute.getValue())) {
            throw new InvalidAttributeValueException(
                    attribute.getName() + " takes " + a.getOpenType().getClassName());
        }
        set(a.getName(), attribute.getValue());
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
        int given = params == null ? 0 : params.length;
        OpenMBeanOperationInfoSupport o = null;
        for (OpenMBeanOperationInfoSupport candidate : operations) {
            if (candidate.getName().equals(name)) {
                o = candidate;
            }
        }
        if (o == null || given != o.getSignature().length) {
            throw new ReflectionException(
                    new NoSuchMethodException(name),
                    "no operation " + name + " with " + given + " parameters here");
        }
        try {
            return operation(o.getName(), params == null ? NO_ARGUMENTS : params);
        } catch (RuntimeException e) {
            throw new RuntimeMBeanException(e, name + " failed: " + e);
        }
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        return info;
    }

    /** Linear: a bean has a few dozen attributes at most, and a map would cost more than it saves. */
    private OpenMBeanAttributeInfoSupport find(String name) {
        for (OpenMBeanAttributeInfoSupport a : attributes) {
            if (a.getName().equals(name)) {
                return a;
            }
        }
        return null;
    }

    private OpenMBeanAttributeInfoSupport attribute(String name) throws AttributeNotFoundException {
        OpenMBeanAttributeInfoSupport a = name == null ? null : find(name);
        if (a == null) {
            throw new AttributeNotFoundException(
                    "no attribute " + name + " in " + getClass().getSimpleName());
        }
        return a;
    }

    private Object read(String name, S s) {
        try {
            return value(name, s);
        } catch (RuntimeException e) {
            throw new RuntimeMBeanException(e, "reading " + name + " failed: " + e);
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
