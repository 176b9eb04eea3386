package dev.wrss.boot;

/**
 * The running Java's feature version, read the way every Java since 1.2 can. Compiled for Java 8 bytecode, as
 * are the two entry classes, so that an older JVM loads them and is told why wrss does not start, instead of
 * failing to load the agent (which aborts the JVM) or the command line.
 */
final class JavaVersion {

    /** What wrss's own classes are compiled for. */
    static final int REQUIRED = 17;

    private JavaVersion() {}

    /** "1.8" is 8, "17" is 17; -1 when unreadable. */
    static int feature(String specificationVersion) {
        try {
            String v =
                    specificationVersion.startsWith("1.")
                            ? specificationVersion.substring(2)
                            : specificationVersion;
            int dot = v.indexOf('.');
            return Integer.parseInt(dot < 0 ? v : v.substring(0, dot));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** Null on a supported Java, else why not, in a few words. */
    static String unsupported() {
        String spec = System.getProperty("java.specification.version", "unknown");
        int feature = feature(spec);
        return feature >= REQUIRED
                ? null
                : "wrss needs Java "
                        + REQUIRED
                        + " or newer; this JVM is Java "
                        + spec
                        + " ("
                        + System.getProperty("java.home", "unknown home")
                        + ")";
    }

    /** One short line for a Throwable that a handover threw, its cause's if it has one. */
    static String describe(Throwable t) {
        Throwable c =
                t instanceof java.lang.reflect.InvocationTargetException && t.getCause() != null
                        ? t.getCause()
                        : t;
        String m = c.getMessage();
        String line = c.getClass().getName() + (m == null ? "" : ": " + m);
        line = line.length() > 300 ? line.substring(0, 300) + "..." : line;
        return c instanceof LinkageError
                ? line + " (wrss needs Java " + REQUIRED + " or newer)"
                : line;
    }
}
