package dev.wrss.agent.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks for what NMT does not annotate, each against a fact that does not come from wrss's classifier:
 * glibc's arena shape and the kernel's [heap], ELF magic, the files the test itself mapped, the JDK's
 * java.home. Each method answers a list of problems, empty when the fact holds.
 */
final class FidelityFacts {

    /** glibc's HEAP_MAX_SIZE on 64-bit: a non-main arena is a 64 MiB-aligned 64 MiB reservation. */
    private static final long ARENA_BYTES = 64L << 20;

    private FidelityFacts() {}

    /** [heap] and every arena-shaped run outside the oracle's ranges must be malloc. */
    static List<String> mallocHoldsTheArenas(
            List<AgentRows.Row> rows, List<NmtOracle.Range> oracle) {
        List<String> problems = new ArrayList<>();
        int arenas = 0;
        for (int i = 0; i < rows.size(); i++) {
            AgentRows.Row row = rows.get(i);
            if ("[heap]".equals(row.path()) && !row.region().equals("malloc")) {
                problems.add("[heap] is " + row.region());
            }
            if (row.start() % ARENA_BYTES != 0
                    || row.path() != null
                    || covered(oracle, row.start(), row.start() + ARENA_BYTES)) {
                continue;
            }
            int last = i;
            while (last + 1 < rows.size()
                    && rows.get(last + 1).start() == rows.get(last).end()
                    && rows.get(last + 1).path() == null
                    && rows.get(last + 1).end() <= row.start() + ARENA_BYTES
                    && rows.get(last + 1).perms().endsWith("p")) {
                last++;
            }
            if (rows.get(last).end() != row.start() + ARENA_BYTES
                    || !row.perms().startsWith("rw")) {
                continue;
            }
            arenas++;
            for (int k = i; k <= last; k++) {
                if (!rows.get(k).region().equals("malloc") && rows.get(k).rssBytes() > 0) {
                    problems.add(
                            String.format(
                                    "arena row %x-%x (%s) is %s",
                                    rows.get(k).start(),
                                    rows.get(k).end(),
                                    rows.get(k).perms(),
                                    rows.get(k).region()));
                }
            }
        }
        if (arenas == 0) {
            problems.add("no glibc arena found: the workload's 300 threads should have made some");
        }
        return problems;
    }

    /** Every shared_libs row is a file that starts with 0x7f 'E' 'L' 'F'. */
    static List<String> sharedLibsAreElf(List<AgentRows.Row> rows) {
        List<String> problems = new ArrayList<>();
        Map<String, Boolean> seen = new HashMap<>();
        for (AgentRows.Row row : rows) {
            if (!row.region().equals("shared_libs")
                    || row.path() == null
                    || !row.path().startsWith("/")) {
                continue;
            }
            boolean elf = seen.computeIfAbsent(row.path(), FidelityFacts::isElf);
            if (!elf) {
                problems.add("shared_libs row is not an ELF file: " + row.path());
                seen.put(row.path(), true); // report each file once
            }
        }
        if (seen.isEmpty()) {
            problems.add("no shared_libs rows at all");
        }
        return problems;
    }

    static boolean isElf(String path) {
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4
                    && magic[0] == 0x7f
                    && magic[1] == 'E'
                    && magic[2] == 'L'
                    && magic[3] == 'F';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Each file the test mapped has rows, all mapped_files, together holding at least {@code minRssBytes}. */
    static List<String> mappedFilesHoldTheTestFiles(
            List<AgentRows.Row> rows, List<Path> files, long minRssBytes) {
        List<String> problems = new ArrayList<>();
        for (Path f : files) {
            long rss = 0;
            for (AgentRows.Row row : rows) {
                if (f.toString().equals(row.path())) {
                    rss += row.rssBytes();
                    if (!row.region().equals("mapped_files")) {
                        problems.add(f + " is " + row.region());
                    }
                }
            }
            if (rss < minRssBytes) {
                problems.add(f + " has only " + Agreement.mib(rss) + " resident in mapped_files");
            }
        }
        return problems;
    }

    /** jdk_image rows are exactly the rows of {@code <java.home>/lib/modules}. */
    static List<String> jdkImageIsTheModulesFile(List<AgentRows.Row> rows, Path javaHome)
            throws IOException {
        String modules = javaHome.toRealPath().resolve("lib/modules").toString();
        List<String> problems = new ArrayList<>();
        int found = 0;
        for (AgentRows.Row row : rows) {
            boolean isModules = modules.equals(row.path());
            found += isModules ? 1 : 0;
            if (isModules != row.region().equals("jdk_image")) {
                problems.add("row " + row.path() + " is " + row.region());
            }
        }
        if (found == 0) {
            problems.add(modules + " is not mapped");
        }
        return problems;
    }

    private static boolean covered(List<NmtOracle.Range> oracle, long start, long end) {
        for (NmtOracle.Range r : oracle) {
            if (r.start() < end && start < r.end()) {
                return true;
            }
        }
        return false;
    }
}
