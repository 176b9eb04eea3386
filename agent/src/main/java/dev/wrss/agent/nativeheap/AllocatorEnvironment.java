package dev.wrss.agent.nativeheap;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The allocator settings of the environment the process started with ({@code /proc/self/environ}), read once:
 * which allocator {@code LD_PRELOAD} names, and the arena limit from {@code GLIBC_TUNABLES}
 * ({@code glibc.malloc.arena_max}) or {@code MALLOC_ARENA_MAX}; plus the CPUs glibc's default limit counts
 * (the affinity mask, {@code Cpus_allowed_list}). Only these values are kept; nothing else of the environment
 * is held or printed, since it may carry secrets.
 *
 * @param preloaded  bit of {@link HeapMaps#JEMALLOC} ... named by LD_PRELOAD, 0 if none
 * @param arenaMax   the configured arena limit, or -1
 * @param arenaMaxSource the variable it came from, or ""
 * @param cpus       CPUs this process may run on, at least 1
 */
record AllocatorEnvironment(int preloaded, int arenaMax, String arenaMaxSource, int cpus) {

    private static final int MAX_BYTES = 1 << 20;
    private static final String TUNABLE = "glibc.malloc.arena_max=";

    static AllocatorEnvironment read(Path procRoot) {
        int preloaded = 0;
        int tunable = -1;
        int variable = -1;
        byte[] env = head(procRoot.resolve("self/environ"));
        int from = 0;
        for (int i = 0; i <= env.length; i++) {
            if (i < env.length && env[i] != 0) {
                continue;
            }
            int start = from;
            from = i + 1;
            if (startsWith(env, start, i, "LD_PRELOAD=")) {
                String value = new String(env, start, i - start, StandardCharsets.UTF_8);
                for (int k = 1; k < HeapMaps.NAMES.length - 1; k++) {
                    if (value.contains(HeapMaps.NAMES[k])) {
                        preloaded |= 1 << k;
                    }
                }
            } else if (startsWith(env, start, i, "GLIBC_TUNABLES=")) {
                String value = new String(env, start, i - start, StandardCharsets.UTF_8);
                int at = value.indexOf(TUNABLE);
                tunable = at < 0 ? -1 : number(value, at + TUNABLE.length());
            } else if (startsWith(env, start, i, "MALLOC_ARENA_MAX=")) {
                variable =
                        number(
                                new String(env, start, i - start, StandardCharsets.UTF_8),
                                "MALLOC_ARENA_MAX=".length());
            }
        }
        // both set: the tunable is taken, as glibc documents GLIBC_TUNABLES as the way to set its
        // tunables
        int arenaMax = tunable > 0 ? tunable : variable > 0 ? variable : -1;
        String source =
                tunable > 0
                        ? "GLIBC_TUNABLES " + TUNABLE.substring(0, TUNABLE.length() - 1)
                        : variable > 0 ? "MALLOC_ARENA_MAX" : "";
        return new AllocatorEnvironment(preloaded, arenaMax, source, cpus(procRoot));
    }

    private static boolean startsWith(byte[] b, int from, int to, String key) {
        if (to - from < key.length()) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            if (b[from + i] != key.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int number(String s, int at) {
        int end = at;
        while (end < s.length() && Character.isDigit(s.charAt(end))) {
            end++;
        }
        try {
            return end == at ? -1 : Integer.parseInt(s.substring(at, end));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** glibc 2.34+ counts the CPUs in the affinity mask (older ones all online CPUs); the mask is what is read. */
    static int cpus(Path procRoot) {
        try {
            for (String line :
                    Files.readAllLines(
                            procRoot.resolve("self/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("Cpus_allowed_list:")) {
                    return Math.max(
                            1, countList(line.substring("Cpus_allowed_list:".length()).trim()));
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through to the JVM's count
        }
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /** "0-3,8,10-11" is 7. */
    static int countList(String list) {
        int n = 0;
        for (String part : list.split(",")) {
            if (part.isEmpty()) {
                continue;
            }
            int dash = part.indexOf('-');
            n +=
                    dash < 0
                            ? 1
                            : Integer.parseInt(part.substring(dash + 1))
                                    - Integer.parseInt(part.substring(0, dash))
                                    + 1;
        }
        return n;
    }

    private static byte[] head(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(MAX_BYTES);
        } catch (IOException | RuntimeException e) {
            return new byte[0];
        }
    }
}
