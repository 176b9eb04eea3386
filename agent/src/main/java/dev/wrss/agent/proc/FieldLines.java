package dev.wrss.agent.proc;

/**
 * Reads one field line of a mapping ({@code Size:}, {@code Rss:} ... {@code VmFlags:}) into a {@link Mapping}:
 * the name up to its colon, looked up in {@link FieldId}, then the number of kB. One per {@link SmapsParser}.
 */
final class FieldLines {

    /**
     * One field line {@code buf[from, to)} (no newline) of the current mapping, by name. False for a line that
     * is not a well-formed field.
     */
    boolean field(byte[] buf, int from, int to, Mapping mapping, HeaderLine numbers) {
        int colon = from;
        while (colon < to && buf[colon] != ':') {
            colon++;
        }
        if (colon == to) {
            return false;
        }
        int nameLen = colon - from;
        if (nameLen == 7 && is(buf, from, "VmFlags")) {
            vmFlags(buf, colon + 1, to, mapping);
            return true;
        }
        int id = FieldId.of(buf, from, nameLen);
        if (id == FieldId.NONE) {
            // a field this parser does not need: KernelPageSize, Referenced, THPeligible...
            return true;
        }
        int p = colon + 1;
        while (p < to && buf[p] == ' ') {
            p++;
        }
        long kb = numbers.dec(buf, p, to);
        p += numbers.digits;
        if (numbers.digits == 0 || kb > (Long.MAX_VALUE >> 10)) {
            return false;
        }
        // Values are "N kB"; tolerate a missing unit but nothing else after the number.
        if (p < to && !(to - p == 3 && buf[p] == ' ' && buf[p + 1] == 'k' && buf[p + 2] == 'B')) {
            return false;
        }
        mapping.fieldBytes[id] = kb << 10;
        return true;
    }

    private static boolean is(byte[] buf, int from, String name) {
        for (int i = 0; i < name.length(); i++) {
            if (buf[from + i] != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static void vmFlags(byte[] buf, int from, int lineEnd, Mapping mapping) {
        long flags = 0;
        int i = from;
        while (i + 1 < lineEnd) {
            if (buf[i] == ' ') {
                i++;
                continue;
            }
            flags |= VmFlags.bitOf(buf[i], buf[i + 1]);
            i += 2;
            while (i < lineEnd && buf[i] != ' ') {
                i++;
            }
        }
        mapping.vmFlags = flags;
        mapping.vmFlagsPresent = true;
    }
}
