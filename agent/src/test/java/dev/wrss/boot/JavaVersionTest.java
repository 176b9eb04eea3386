package dev.wrss.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JavaVersionTest {

    @Test
    void featureVersionsOfOldAndNewSpellings() {
        assertEquals(8, JavaVersion.feature("1.8"));
        assertEquals(7, JavaVersion.feature("1.7"));
        assertEquals(11, JavaVersion.feature("11"));
        assertEquals(17, JavaVersion.feature("17"));
        assertEquals(25, JavaVersion.feature("25"));
        assertEquals(-1, JavaVersion.feature("banana"));
    }

    @Test
    void thisJvmIsSupportedAndALinkageErrorSaysWhatIsNeeded() {
        assertNull(JavaVersion.unsupported());
        String line =
                JavaVersion.describe(
                        new java.lang.reflect.InvocationTargetException(
                                new UnsupportedClassVersionError(
                                        "dev/wrss/agent/Agent has been compiled by a more recent version")));
        assertTrue(
                line.startsWith("java.lang.UnsupportedClassVersionError: dev/wrss/agent/Agent"),
                line);
        assertTrue(line.endsWith("(wrss needs Java 17 or newer)"), line);
    }
}
