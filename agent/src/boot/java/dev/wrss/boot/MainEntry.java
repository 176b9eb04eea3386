package dev.wrss.boot;

/**
 * The manifest's Main-Class: checks the Java version, then hands over to {@code dev.wrss.agent.cli.Main}. On an
 * unsupported Java, or when the handover fails, prints one line and exits 1 (ExitCode.FAILURE).
 */
public final class MainEntry {

    private static final int FAILURE = 1;

    private MainEntry() {}

    public static void main(String[] args) {
        String problem;
        try {
            problem = JavaVersion.unsupported();
            if (problem == null) {
                Class<?> main =
                        Class.forName(
                                "dev.wrss.agent.cli.Main", true, MainEntry.class.getClassLoader());
                main.getMethod("main", String[].class).invoke(null, (Object) args);
                return;
            }
        } catch (Throwable t) {
            problem = JavaVersion.describe(t);
        }
        System.err.println("wrss: " + problem);
        System.exit(FAILURE);
    }
}
