package dev.wrss.agent.it;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Fills metaspace the way applications with many class loaders do: the bytes of one small class, defined
 * again by {@code n} fresh loaders, are {@code n} distinct classes.
 */
public final class GeneratedClasses {

    /** The class that gets defined again and again; some methods give it metadata worth the name. */
    public static final class Payload {
        public int a(int x) {
            return x * 31 + 7;
        }

        public String b(String s) {
            return s + a(s.length());
        }

        public long c(long[] v) {
            long t = 0;
            for (long x : v) t += x;
            return t;
        }
    }

    public static List<Class<?>> load(int n) throws IOException {
        String name = Payload.class.getName();
        byte[] bytes;
        try (InputStream in =
                GeneratedClasses.class.getResourceAsStream(
                        "/" + name.replace('.', '/') + ".class")) {
            bytes = in.readAllBytes();
        }
        List<Class<?>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new Loader().define(name, bytes));
        }
        return out;
    }

    private static final class Loader extends ClassLoader {
        Loader() {
            super(null);
        }

        Class<?> define(String name, byte[] b) {
            return defineClass(name, b, 0, b.length);
        }
    }
}
