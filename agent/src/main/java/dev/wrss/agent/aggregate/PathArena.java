package dev.wrss.agent.aggregate;

import dev.wrss.agent.proc.Mapping;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The paths of {@link FileTotals}' files as bytes in one growable array, front-coded: each path is stored as
 * the length it shares with the path before it plus the rest, with a full path every {@value #RESTART}
 * entries. Files of one directory sit next to each other in the maps, so 20,000 paths take a few bytes each
 * instead of a String each; a String is built only for the files a snapshot publishes.
 */
final class PathArena {

    static final int RESTART = 16;

    private byte[] bytes = new byte[4096];
    private int length;
    private int count;
    private int[] restarts = new int[16]; // offset of every RESTART-th entry
    private byte[] last = new byte[256]; // the path of entry count - 1
    private int lastLength;
    private byte[] decoded = new byte[256];
    private int decodedLength;

    int count() {
        return count;
    }

    /** Appends the mapping's path as entry {@link #count()}. */
    void append(Mapping m) {
        int n = m.pathLength();
        if (decoded.length < n) {
            decoded = Arrays.copyOf(decoded, Math.max(n, decoded.length * 2));
        }
        for (int i = 0; i < n; i++) {
            decoded[i] = m.pathByte(i);
        }
        append(decoded, n);
    }

    /** Entry {@code index} as a String (UTF-8; malformed bytes become U+FFFD, as in {@link Mapping#pathString()}). */
    String string(int index) {
        decode(index);
        return new String(decoded, 0, decodedLength, StandardCharsets.UTF_8);
    }

    /** Whether entry {@code index} ends with {@code suffix}. */
    boolean endsWith(int index, byte[] suffix) {
        decode(index);
        if (suffix.length > decodedLength) {
            return false;
        }
        return Arrays.equals(
                decoded, decodedLength - suffix.length, decodedLength, suffix, 0, suffix.length);
    }

    /** Keeps the entries {@code i} with {@code keep[i]}, in order, and forgets the others. */
    void retain(int[] keep, int n) {
        int kept = 0;
        for (int i = 0; i < Math.min(n, count); i++) {
            kept += keep[i] > 0 ? 1 : 0;
        }
        PathArena next = new PathArena();
        next.bytes =
                new byte
                        [(int)
                                Math.max(
                                        4096,
                                        (long) length
                                                * kept
                                                / Math.max(1, count))]; // grows if short
        for (int i = 0; i < count; i++) {
            if (i < n && keep[i] > 0) {
                decode(i);
                next.append(decoded, decodedLength);
            }
        }
        bytes = next.bytes;
        length = next.length;
        count = next.count;
        restarts = next.restarts;
        last = next.last;
        lastLength = next.lastLength;
    }

    long retainedBytes() {
        return 16L
                + bytes.length
                + 16
                + 4L * restarts.length
                + 16
                + last.length
                + 16
                + decoded.length
                + 48;
    }

    private void append(byte[] path, int n) {
        int shared = 0;
        if (count % RESTART == 0) {
            if (count / RESTART == restarts.length) {
                restarts = Arrays.copyOf(restarts, restarts.length * 2);
            }
            restarts[count / RESTART] = length;
        } else {
            int max = Math.min(n, lastLength);
            while (shared < max && last[shared] == path[shared]) {
                shared++;
            }
        }
        ensure(10 + n - shared);
        putVarint(shared);
        putVarint(n - shared);
        if (last.length < n) {
            last = Arrays.copyOf(last, Math.max(n, last.length * 2));
        }
        System.arraycopy(path, shared, bytes, length, n - shared);
        System.arraycopy(path, shared, last, shared, n - shared);
        length += n - shared;
        lastLength = n;
        count++;
    }

    private void decode(int index) {
        int pos = restarts[index / RESTART];
        for (int i = index - index % RESTART; i <= index; i++) {
            int shared = 0;
            int shift = 0;
            int b;
            do {
                b = bytes[pos++];
                shared |= (b & 0x7f) << shift;
                shift += 7;
            } while (b < 0);
            int rest = 0;
            shift = 0;
            do {
                b = bytes[pos++];
                rest |= (b & 0x7f) << shift;
                shift += 7;
            } while (b < 0);
            if (decoded.length < shared + rest) {
                decoded = Arrays.copyOf(decoded, Math.max(shared + rest, decoded.length * 2));
            }
            System.arraycopy(bytes, pos, decoded, shared, rest);
            pos += rest;
            decodedLength = shared + rest;
        }
    }

    private void putVarint(int v) {
        while ((v & ~0x7f) != 0) {
            bytes[length++] = (byte) (v & 0x7f | 0x80);
            v >>>= 7;
        }
        bytes[length++] = (byte) v;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes =
                    Arrays.copyOf(
                            bytes, Math.max(length + more, bytes.length + (bytes.length >> 1)));
        }
    }
}
