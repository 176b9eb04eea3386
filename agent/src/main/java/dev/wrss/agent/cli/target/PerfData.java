package dev.wrss.agent.cli.target;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The string entries of a HotSpot hsperfdata file ({@code /tmp/hsperfdata_<user>/<pid>}), read as the JDK's
 * jvmstat reads them, for the two the command line needs: {@code sun.rt.javaCommand} (main class or jar) and
 * {@code sun.rt.jvmCapabilities} (its first character is 1 when the JVM accepts attach). Layout: a 32-byte
 * prologue (magic 0xcafec0c0, byte order, ..., entry offset at 24, entry count at 28), then entries of
 * {length, name offset, vector length, type, flags, units, variability, data offset}.
 */
final class PerfData {

    private static final int MAGIC = 0xcafec0c0;
    private static final int MAX_BYTES = 1 << 20;

    private final Map<String, String> strings;

    private PerfData(Map<String, String> strings) {
        this.strings = strings;
    }

    static PerfData read(Path file) throws IOException {
        if (Files.size(file) > MAX_BYTES) {
            throw new IOException(file + " is larger than an hsperfdata file");
        }
        return parse(Files.readAllBytes(file));
    }

    static PerfData parse(byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (bytes.length < 32 || b.getInt(0) != MAGIC) {
            throw new IOException("not an hsperfdata file");
        }
        b.order(bytes[4] == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int at = b.getInt(24);
        int count = b.getInt(28);
        Map<String, String> strings = new HashMap<>();
        for (int i = 0; i < count && at >= 0 && at + 20 <= bytes.length; i++) {
            int length = b.getInt(at);
            int vectorLength = b.getInt(at + 8);
            if (length <= 0) {
                break;
            }
            if (bytes[at + 12] == 'B'
                    && vectorLength > 0) { // a byte vector: a NUL-terminated string
                String name = cString(bytes, at + b.getInt(at + 4), bytes.length);
                String value =
                        cString(bytes, at + b.getInt(at + 16), Math.min(bytes.length, at + length));
                if (name != null && value != null) {
                    strings.put(name, value);
                }
            }
            at += length;
        }
        return new PerfData(strings);
    }

    private static String cString(byte[] bytes, int from, int limit) {
        if (from < 0 || from >= limit) {
            return null;
        }
        int end = from;
        while (end < limit && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, from, end - from, StandardCharsets.UTF_8);
    }

    /** The java command line (main class or jar and arguments), or null. */
    String javaCommand() {
        return strings.get("sun.rt.javaCommand");
    }

    /** False when the JVM says it refuses attach (-XX:+DisableAttachMechanism, however it was given). */
    boolean attachable() {
        String c = strings.get("sun.rt.jvmCapabilities");
        return c == null || c.startsWith("1");
    }
}
