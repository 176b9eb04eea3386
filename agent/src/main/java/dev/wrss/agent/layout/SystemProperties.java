package dev.wrss.agent.layout;

/** Reads {@code java.home} out of {@code VM.system_properties}, whose lines are {@code key=value} with escapes. */
final class SystemProperties {

    private SystemProperties() {
    }

    static String javaHome(String text) {
        if (text == null) {
            return null;
        }
        for (String line : text.split("\n")) {
            if (line.startsWith("java.home=")) {
                // Properties.store escapes ':' '=' and '\' with a backslash
                return line.substring("java.home=".length()).trim().replace("\\:", ":").replace("\\=", "=")
                        .replace("\\\\", "\\");
            }
        }
        return null;
    }
}
