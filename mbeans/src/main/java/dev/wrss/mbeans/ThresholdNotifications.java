package dev.wrss.mbeans;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.management.MBeanNotificationInfo;
import javax.management.Notification;
import javax.management.NotificationBroadcasterSupport;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;

/**
 * Threshold crossings as JMX notifications, delivered off the scanner thread: the scanner only offers a
 * delivery to a bounded queue, which one daemon thread ({@code wrss-notifications}) drains into the
 * beans' {@link NotificationBroadcasterSupport}s, filters and listeners included. A listener that blocks stalls
 * only that thread; once the queue is full further crossings are dropped and counted in {@link #dropped()}.
 */
final class ThresholdNotifications {

    /** Referenced by clients that filter on it; do not rename. */
    static final String TYPE = "wrss.threshold.exceeded";

    static final int QUEUE = 256;

    static final CompositeType USER_DATA = userData();

    private static final BlockingQueue<Runnable> DELIVERIES = new ArrayBlockingQueue<>(QUEUE);
    private static final AtomicLong DROPPED = new AtomicLong();
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static Thread dispatcher;

    /** The notification info of the beans that send crossings; shared, never modified. */
    static final MBeanNotificationInfo[] INFO = {
        new MBeanNotificationInfo(
                new String[] {TYPE},
                Notification.class.getName(),
                "A region's PSS (or the process's) reached its PssThreshold; user data: region, pss, threshold, "
                        + "count. One per crossing: re-armed once the PSS falls 5 % below the threshold")
    };

    private ThresholdNotifications() {}

    /** Hands the crossings of one region, or of all when {@code region} is null, to one bean's listeners. */
    static final class Forward implements Consumer<ThresholdControl.Crossing> {

        private final NotificationBroadcasterSupport to;
        private final Object source;
        private final String region;

        Forward(NotificationBroadcasterSupport to, Object source, String region) {
            this.to = to;
            this.source = source;
            this.region = region;
        }

        @Override
        public void accept(ThresholdControl.Crossing c) {
            if (region == null || region.equals(c.region())) {
                offer(to, source, c);
            }
        }
    }

    /** Crossings left undelivered because the queue was full (a listener blocking for long). */
    static long dropped() {
        return DROPPED.get();
    }

    /**
     * Hands the crossing to the dispatcher; never blocks. Called on the scanner thread.
     *
     * @param source the emitting bean: the MBeanServer replaces it by the bean's ObjectName on the way out
     */
    static void offer(
            NotificationBroadcasterSupport to, Object source, ThresholdControl.Crossing c) {
        Notification n =
                new Notification(
                        TYPE,
                        source,
                        SEQUENCE.incrementAndGet(),
                        System.currentTimeMillis(),
                        c.region()
                                + " PSS "
                                + FootprintReport.bytes(c.pssBytes())
                                + " reached its threshold "
                                + FootprintReport.bytes(c.thresholdBytes())
                                + " (crossing "
                                + c.count()
                                + ")");
        n.setUserData(userData(c));
        if (!DELIVERIES.offer(() -> to.sendNotification(n))) {
            DROPPED.incrementAndGet();
            return;
        }
        startDispatcher();
    }

    private static synchronized void startDispatcher() {
        if (dispatcher != null) {
            return;
        }
        dispatcher = new Thread(ThresholdNotifications::dispatch, "wrss-notifications");
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    private static void dispatch() {
        while (true) {
            try {
                DELIVERIES.take().run();
            } catch (InterruptedException e) {
                return;
            } catch (Throwable t) {
                // a listener that throws must not end delivery to the others
            }
        }
    }

    static CompositeData userData(ThresholdControl.Crossing c) {
        try {
            return new CompositeDataSupport(
                    USER_DATA,
                    new String[] {"region", "pss", "threshold", "count"},
                    new Object[] {c.region(), c.pssBytes(), c.thresholdBytes(), c.count()});
        } catch (OpenDataException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CompositeType userData() {
        try {
            return new CompositeType(
                    "wrss.ThresholdExceeded",
                    "A threshold crossing",
                    new String[] {"region", "pss", "threshold", "count"},
                    new String[] {
                        "Region id, or total",
                        "PSS bytes found by the scan",
                        "The threshold in bytes",
                        "Crossings so far"
                    },
                    new OpenType<?>[] {
                        SimpleType.STRING, SimpleType.LONG, SimpleType.LONG, SimpleType.LONG
                    });
        } catch (OpenDataException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
