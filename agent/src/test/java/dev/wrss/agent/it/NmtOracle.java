package dev.wrss.agent.it;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM's own account of its address space, as the fidelity oracle: address ranges with the NMT category
 * HotSpot recorded for them and the wrss region that category means. Two sources, same result shape:
 * {@code System.map} (JDK 22+, NMT summary; one line per VMA, possibly several tags) and the
 * "Virtual memory map" of {@code VM.native_memory detail} (JDK 17; reserved ranges with one category).
 */
final class NmtOracle {

    /**
     * One range. {@code regions} holds every region its tags mean (a VMA the kernel merged across two NMT
     * regions reads "CODE,GC"); {@code stackTid} and {@code stackName} are set for System.map's
     * {@code STACK-<tid>-<name>}; {@code oracleRssBytes} is -1 where the source prints none (JDK 17).
     */
    record Range(
            long start,
            long end,
            String tags,
            Set<String> regions,
            long oracleRssBytes,
            String path,
            long stackTid,
            String stackName) {}

    // "0x00007fa79d0fa000-0x00007fa79d1fa000 1048576 rw-p 8192 0 4K com,nothp STACK-21715-GC-Thread
    // -"
    private static final Pattern PERMS = Pattern.compile("[r-][w-][x-][ps]");
    private static final Pattern STACK = Pattern.compile("STACK-(\\d+)-(.*)");
    // "[0x00000000f0000000 - 0x0000000100000000] reserved and committed 262144KB for Java Heap
    // from"
    private static final Pattern RESERVED =
            Pattern.compile(
                    "^\\[0x(\\p{XDigit}+) - 0x(\\p{XDigit}+)\\] reserved (?:and committed )?\\d+KB for (.+?)(?: from)?\\s*$");

    private NmtOracle() {}

    /** Parses System.map by token, not by column: the layout changed in 22, 24 and 25. */
    static List<Range> parseSystemMap(String text) {
        List<Range> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] t = line.trim().split("\\s+");
            if (t.length < 3 || !t[0].startsWith("0x") || t[0].indexOf('-') < 0) {
                continue;
            }
            String[] range = t[0].split("-");
            int perms = 1;
            while (perms < t.length && !PERMS.matcher(t[perms]).matches()) {
                perms++;
            }
            long rss =
                    perms + 1 < t.length && t[perms + 1].chars().allMatch(Character::isDigit)
                            ? Long.parseLong(t[perms + 1])
                            : -1;
            // the info column is the first token after prot that starts with an upper-case letter:
            // notes are
            // lower case, page sizes start with a digit, files with '/' or '['; unannotated is "-"
            String info = null;
            int infoAt = -1;
            for (int i = perms + 1; i < t.length; i++) {
                if (Character.isUpperCase(t[i].charAt(0))) {
                    info = t[i];
                    infoAt = i;
                    break;
                }
            }
            if (info == null) {
                continue;
            }
            String path =
                    infoAt + 1 < t.length && !t[infoAt + 1].equals("-")
                            ? String.join(
                                    " ", java.util.Arrays.copyOfRange(t, infoAt + 1, t.length))
                            : null;
            Set<String> regions = new LinkedHashSet<>();
            long tid = 0;
            String name = null;
            for (String tag : info.split(",")) {
                Matcher m = STACK.matcher(tag);
                if (m.matches()) {
                    tid = Long.parseLong(m.group(1));
                    name = m.group(2);
                    regions.add("thread_stacks");
                } else {
                    regions.add(regionOfTag(tag, path != null));
                }
            }
            out.add(new Range(hex(range[0]), hex(range[1]), info, regions, rss, path, tid, name));
        }
        return out;
    }

    /** Parses the reserved ranges of {@code VM.native_memory detail}; committed sub-ranges lie inside them. */
    static List<Range> parseNmtDetail(String text) {
        List<Range> out = new ArrayList<>();
        boolean inMap = false;
        for (String line : text.split("\n")) {
            if (line.startsWith("Virtual memory map:")) {
                inMap = true;
                continue;
            }
            Matcher m;
            if (inMap && (m = RESERVED.matcher(line)).find()) {
                String category = m.group(3);
                // NMT detail gives no file, but only the PerfData memory is a file among its
                // categories
                boolean file = category.equals("Internal");
                out.add(
                        new Range(
                                hex(m.group(1)),
                                hex(m.group(2)),
                                category,
                                Set.of(regionOfCategory(category, file)),
                                -1,
                                null,
                                0,
                                null));
            }
        }
        return out;
    }

    /** System.map's short tag to a region id. */
    static String regionOfTag(String tag, boolean fileBacked) {
        return switch (tag) {
            case "JAVAHEAP" -> regionOfCategory("Java Heap", fileBacked);
            case "CLASS" -> regionOfCategory("Class", fileBacked);
            case "META" -> regionOfCategory("Metaspace", fileBacked);
            case "CDS" -> regionOfCategory("Shared class space", fileBacked);
            case "CODE" -> regionOfCategory("Code", fileBacked);
            case "GC", "CARDTBL" -> regionOfCategory("GC", fileBacked);
            case "INTERN" -> regionOfCategory("Internal", fileBacked);
            case "POLL" -> regionOfCategory("Safepoint", fileBacked);
            case "TEST" -> regionOfCategory("Test", fileBacked);
            default -> regionOfCategory(tag, fileBacked);
        };
    }

    /**
     * An NMT category (as VM.native_memory names it) to a region id. The JVM regions map one to one.
     * Internal is the PerfData shared memory when a file backs it (mapped_files, like any shared file) and
     * the one-page assert poison otherwise; Safepoint polling pages and Test mappings are never resident
     * by design and belong to other. Any other category mmap'ed (Other, Symbol, Arena Chunk, Native Memory
     * Tracking...) is the JVM's own native memory obtained outside its named areas: malloc.
     */
    static String regionOfCategory(String category, boolean fileBacked) {
        return switch (category) {
            case "Java Heap" -> "java_heap";
            case "Class" -> "class_space";
            case "Metaspace" -> "metaspace";
            case "Shared class space" -> "cds_archive";
            case "Code" -> "code_cache";
            case "GC", "GCCardSet" -> "gc_data";
            case "Thread Stack" -> "thread_stacks";
            case "Internal" -> fileBacked ? "mapped_files" : "other";
            case "Safepoint", "Test" -> "other";
            default -> "malloc";
        };
    }

    private static long hex(String s) {
        return Long.parseUnsignedLong(s.startsWith("0x") ? s.substring(2) : s, 16);
    }
}
