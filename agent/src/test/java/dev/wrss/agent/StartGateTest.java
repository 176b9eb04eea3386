package dev.wrss.agent;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StartGateTest {

    private static final String MANAGER = "java.util.logging.manager";

    @Test
    void opensWhenTheDelayHasPassed() {
        AtomicLong now = new AtomicLong();
        StartGate gate = new StartGate(15_000, null, now::get);
        // this JVM may have a platform MBeanServer already (another test made one): then the gate
        // is open
        if (javax.management.MBeanServerFactory.findMBeanServer(null).isEmpty()) {
            assertNull(gate.openedBecause());
        }
        now.set(15_000_000_000L);
        assertNotNull(gate.openedBecause());
    }

    /** A log manager that is named but nowhere to be found keeps the gate shut, whatever else holds. */
    @Test
    void staysShutWhileANamedLogManagerIsNotLoaded() {
        String before = System.getProperty(MANAGER);
        System.setProperty(MANAGER, "com.example.NotLoadedLogManager");
        try {
            StartGate gate = new StartGate(0, null, System::nanoTime);
            assertNull(gate.openedBecause());
            System.setProperty(
                    MANAGER,
                    StartGateTest.class.getName()); // on the system class path: JUL finds it
            assertNotNull(gate.openedBecause());
        } finally {
            if (before == null) {
                System.clearProperty(MANAGER);
            } else {
                System.setProperty(MANAGER, before);
            }
        }
    }
}
