package dev.wrss.mbeans;

/** TEMPORARY STUB until the mbeans branch is merged. */
public final class WrssMBeans {
    public record Registration(boolean alreadyRegistered) { }
    public static Registration register(javax.management.MBeanServer s, FootprintControl c) { return new Registration(false); }
}
