package dev.wrss.mbeans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** SystemView's written-out equals and hashCode keep the record's meaning, component by component. */
class SystemViewTest {

    private static final RecordComponent[] COMPONENTS = SystemView.class.getRecordComponents();

    @Test
    void equalComponentsMakeEqualViews() throws Exception {
        SystemView a = build(values());
        SystemView b = build(values());
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(SystemView.UNKNOWN, build(unknownValues()));
        assertNotEquals(a, null);
        assertNotEquals(a, "a string");
    }

    @Test
    void everyComponentTakesPartInEquals() throws Exception {
        SystemView a = build(values());
        for (int i = 0; i < COMPONENTS.length; i++) {
            Object[] v = values();
            v[i] =
                    v[i] instanceof String s
                            ? s + "/other"
                            : v[i] instanceof Integer n ? n + 1 : (Long) v[i] + 1;
            SystemView b = build(v);
            assertNotEquals(a, b, COMPONENTS[i].getName() + " differs");
            assertNotEquals(b, a, COMPONENTS[i].getName() + " differs");
            assertNotEquals(a.hashCode(), b.hashCode(), COMPONENTS[i].getName() + " differs");
        }
    }

    /** Distinct values for every component, in declaration order. */
    private static Object[] values() {
        Object[] v = new Object[COMPONENTS.length];
        for (int i = 0; i < v.length; i++) {
            Class<?> t = COMPONENTS[i].getType();
            v[i] =
                    t == String.class
                            ? "/sys/fs/cgroup/app"
                            : t == int.class ? (Object) 2 : (Object) (1000L * (i + 1));
        }
        return v;
    }

    private static Object[] unknownValues() throws Exception {
        Object[] v = new Object[COMPONENTS.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = COMPONENTS[i].getAccessor().invoke(SystemView.UNKNOWN);
        }
        return v;
    }

    private static SystemView build(Object[] v) throws Exception {
        Class<?>[] types =
                Arrays.stream(COMPONENTS).map(RecordComponent::getType).toArray(Class<?>[]::new);
        Constructor<SystemView> c = SystemView.class.getDeclaredConstructor(types);
        return c.newInstance(v);
    }
}
