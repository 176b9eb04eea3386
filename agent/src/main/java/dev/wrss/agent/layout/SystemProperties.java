package dev.wrss.agent.layout;

/**
 * Reads single properties out of {@code VM.system_properties}, whose lines are {@code key=value} with the
 * escapes of {@code Properties.store}: found by search, not by splitting the text into lines.
 */
final class SystemProperties {

    private SystemProperties() {}

    static String javaHome(String text) {
        return value(text, "java.home");
    }

    /** The VM's name, e.g. "OpenJDK 64-Bit Server VM". */
    static String vmName(String text) {
        return value(text, "java.vm.name");
    }

    static String value(String text, String key) {
        if (text == null) {
            return null;
        }
        String wanted = key + "=";
        for (int from = 0; from < text.length(); ) {
            int at = text.indexOf(wanted, from);
            if (at < 0) {
                return null;
            }
            if (at == 0 || text.charAt(at - 1) == '\n') {
                int end = text.indexOf('\n', at);
                String v =
                        text.substring(at + wanted.length(), end < 0 ? text.length() : end).trim();
                // Properties.store escapes ':' '=' ' ' and '\' with a backslash
                return v.indexOf('\\') < 0
                        ? v
                        : v.replace("\\:", ":")
                                .replace("\\=", "=")
                                .replace("\\ ", " ")
                                .replace("\\\\", "\\");
            }
            from = at + 1;
        }
        return null;
    }
}
