package dev.wrss.agent.cli.target;

/**
 * Text from a target process (file paths, thread names) on its way to a terminal: control characters could
 * move the cursor or recolour the screen, so each becomes {@code ?}. Everything else passes unchanged.
 */
public final class TerminalText {

    private TerminalText() {}

    public static String printable(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)) {
                if (sb == null) {
                    sb = new StringBuilder(s.length()).append(s, 0, i);
                }
                sb.append('?');
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }
}
