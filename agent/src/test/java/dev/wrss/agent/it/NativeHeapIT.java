package dev.wrss.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * wrss:type=NativeHeap on real child JVMs, its numbers against sources wrss does not compute: the change of the
 * malloc region's RSS, NMT's malloc total, the BufferPool bean, the environment the child was started with.
 */
class NativeHeapIT {

    static final ObjectName NATIVE_HEAP = PagesAndSystemIT.name("wrss:type=NativeHeap");
    static final ObjectName MALLOC = PagesAndSystemIT.name("wrss:type=Region,name=malloc");
    static final Path JEMALLOC = Path.of("/usr/lib/x86_64-linux-gnu/libjemalloc.so.2");
    static final long MIB = 1 << 20;

    static Stream<Jdks.Jdk> jdks() {
        return Jdks.stream();
    }

    static long attr(MBeanServerConnection c, ObjectName n, String a) throws Exception {
        return ((Number) c.getAttribute(n, a)).longValue();
    }

    static String refresh(MBeanServerConnection c) throws Exception {
        return (String) c.invoke(NATIVE_HEAP, "refresh", null, null);
    }

    static long mallocRss(MBeanServerConnection c) throws Exception {
        c.invoke(Footprints.footprint(), "scan", null, null);
        return attr(c, MALLOC, "Rss");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void fragmentedArenasAreRetainedAndTrimReturnsWhatTheEstimateSaid(Jdks.Jdk jdk)
            throws Exception {
        jdk.assumeInstalled();
        try (ChildJvm child =
                ChildJvm.start(
                        jdk.home(), List.of(ChildJvm.agentArg("allowTrim=true"), "-Xmx64m"))) {
            MBeanServerConnection c = child.jmxWithWrss();
            refresh(c);
            long retainedBefore = attr(c, NATIVE_HEAP, "Retained");
            long residentBefore = attr(c, NATIVE_HEAP, "RetainedResident");
            child.send("fragment 256 4");
            assertEquals("ok", refresh(c), "counters fresh after refresh()");
            long retained = attr(c, NATIVE_HEAP, "Retained");
            long retainedResident = attr(c, NATIVE_HEAP, "RetainedResident");
            long arenas = attr(c, NATIVE_HEAP, "Arenas");
            String[] findings = (String[]) c.getAttribute(NATIVE_HEAP, "Findings");
            long rssBefore = mallocRss(c);
            long trimmed = (Long) c.invoke(NATIVE_HEAP, "trim", null, null);
            long rssAfter = mallocRss(c);
            long drop = rssBefore - rssAfter;
            System.out.printf(
                    "%s: retained %d -> %d MiB, retained resident %d -> %d MiB, %d arenas; trim returned "
                            + "%d MiB, malloc RSS %d -> %d MiB (drop %d MiB); findings %s%n",
                    jdk,
                    retainedBefore / MIB,
                    retained / MIB,
                    residentBefore / MIB,
                    retainedResident / MIB,
                    arenas,
                    trimmed / MIB,
                    rssBefore / MIB,
                    rssAfter / MIB,
                    drop / MIB,
                    Arrays.toString(findings));
            assertTrue(
                    retained > retainedBefore + 200 * MIB,
                    "about 252 MiB freed stay in glibc: " + retained);
            assertTrue(
                    retainedResident > residentBefore + 200 * MIB,
                    "and resident: " + retainedResident);
            assertTrue(arenas >= 2, "four threads malloc'd in several arenas: " + arenas);
            assertTrue(
                    Math.abs(trimmed - retainedResident) <= 0.25 * retainedResident,
                    "trim " + trimmed + " vs RetainedResident before it " + retainedResident);
            assertTrue(
                    Math.abs(trimmed - drop) <= 0.10 * trimmed,
                    "trim " + trimmed + " vs malloc RSS drop " + drop);
            assertTrue(
                    Arrays.stream(findings).anyMatch(f -> f.startsWith("glibc keeps")),
                    Arrays.toString(findings));
            assertEquals(trimmed, attr(c, NATIVE_HEAP, "LastTrimBytes"));
            assertTrue(
                    attr(c, NATIVE_HEAP, "RetainedResident") < retainedResident / 4,
                    "after the trim little stays");
        }
    }

    @Test
    void trimIsRefusedWithoutAllowTrim() throws Exception {
        try (ChildJvm child =
                ChildJvm.start(
                        Path.of(System.getProperty("java.home")),
                        List.of(ChildJvm.agentArg(""), "-Xmx64m"))) {
            MBeanServerConnection c = child.jmxWithWrss();
            child.send("fragment 64 2");
            long rss = mallocRss(c);
            RuntimeMBeanException e =
                    assertThrows(
                            RuntimeMBeanException.class,
                            () -> c.invoke(NATIVE_HEAP, "trim", null, null));
            assertTrue(
                    String.valueOf(e.getCause()).contains("allowTrim=true"),
                    String.valueOf(e.getCause()));
            assertEquals(0, attr(c, NATIVE_HEAP, "LastTrimEpochMillis"));
            assertTrue(mallocRss(c) > rss - 8 * MIB, "nothing was trimmed");
        }
    }

    /** NMT's malloc total and glibc's outstanding bytes count the same blocks, each with its own overheads. */
    @Test
    void outstandingAgreesWithNmtMallocTotal() throws Exception {
        Jdks.Jdk jdk =
                Jdks.stream()
                        .filter(j -> j.feature() >= 25 || !j.installed())
                        .findFirst()
                        .orElse(new Jdks.Jdk("jdk25", Jdks.TEMURIN_25, -1, false));
        jdk.assumeInstalled();
        try (ChildJvm child =
                ChildJvm.start(
                        jdk.home(),
                        List.of(
                                ChildJvm.agentArg(""),
                                "-Xmx64m",
                                "-XX:NativeMemoryTracking=summary"))) {
            MBeanServerConnection c = child.jmxWithWrss();
            child.send("malloc 200 16");
            refresh(c);
            long outstanding = attr(c, NATIVE_HEAP, "Outstanding");
            String nmt =
                    (String)
                            c.invoke(
                                    PagesAndSystemIT.name(
                                            "com.sun.management:type=DiagnosticCommand"),
                                    "vmNativeMemory",
                                    new Object[] {new String[] {"summary"}},
                                    new String[] {String[].class.getName()});
            Matcher m = Pattern.compile("\\n\\s*malloc: (\\d+)KB").matcher(nmt);
            assertTrue(m.find(), nmt);
            long nmtMalloc = Long.parseLong(m.group(1)) * 1024;
            System.out.printf(
                    "%s: Outstanding %d KiB, NMT malloc %d KiB (%+.1f%%)%n",
                    jdk,
                    outstanding / 1024,
                    nmtMalloc / 1024,
                    100.0 * (outstanding - nmtMalloc) / nmtMalloc);
            // the rest: glibc counts each chunk's header and alignment and NMT's own 16-byte
            // headers, and the malloc of code outside the JVM (libc, libzip); NMT counts only the
            // bytes the JVM asked for
            assertTrue(
                    Math.abs(outstanding - nmtMalloc) <= 0.10 * nmtMalloc,
                    outstanding + " vs NMT " + nmtMalloc);
        }
    }

    @Test
    void directBuffersAreTheBufferPoolBeansNumber() throws Exception {
        try (ChildJvm child =
                ChildJvm.start(
                        Path.of(System.getProperty("java.home")),
                        List.of(ChildJvm.agentArg(""), "-Xmx64m"))) {
            MBeanServerConnection c = child.jmxWithWrss();
            child.send("direct 48");
            refresh(c);
            long pool =
                    attr(
                            c,
                            PagesAndSystemIT.name("java.nio:type=BufferPool,name=direct"),
                            "MemoryUsed");
            assertEquals(pool, attr(c, NATIVE_HEAP, "DirectBuffers"));
            assertTrue(pool >= 48 * MIB, "the child's 48 MiB: " + pool);
        }
    }

    @Test
    void reportPrintsTheSplitAndFindingsBelowTheTableWhenTheAgentIsPresent() throws Exception {
        try (ChildJvm child =
                ChildJvm.start(
                        Path.of(System.getProperty("java.home")),
                        List.of(ChildJvm.agentArg(""), "-Xmx128m"))) {
            child.jmxWithWrss();
            child.send("direct 64");
            String pid = Long.toString(child.pid());
            CliProcess.Result withAgent = CliProcess.run("report", pid);
            assertEquals(0, withAgent.exitCode(), withAgent.toString());
            String out = withAgent.stdout();
            assertTrue(out.indexOf("NATIVE HEAP: glibc") > out.indexOf("TOTAL"), out);
            for (String expected :
                    List.of(
                            "outstanding",
                            "retained resident",
                            "of which direct buffers 6",
                            "FINDINGS",
                            "direct buffers hold 6")) {
                assertTrue(out.contains(expected), expected + " missing:\n" + out);
            }
            CliProcess.Result without = CliProcess.run("report", pid, "--no-agent");
            assertTrue(!without.stdout().contains("NATIVE HEAP"), without.stdout());
        }
    }

    @Test
    void arenaLimitComesFromMallocArenaMax() throws Exception {
        // a 48 MiB heap ends at 4 GiB and so starts off a 64 MiB boundary: no Java mapping has an
        // arena's shape
        try (ChildJvm child =
                ChildJvm.startAs(
                        List.of("/usr/bin/env", "MALLOC_ARENA_MAX=2"),
                        Path.of(System.getProperty("java.home")),
                        List.of(ChildJvm.agentArg(""), "-Xmx48m"))) {
            MBeanServerConnection c = child.jmxWithWrss();
            child.send("fragment 32 8");
            refresh(c);
            assertEquals(2L, attr(c, NATIVE_HEAP, "ArenaLimit"));
            assertEquals("MALLOC_ARENA_MAX", c.getAttribute(NATIVE_HEAP, "ArenaLimitSource"));
            long arenas = attr(c, NATIVE_HEAP, "Arenas");
            long inMaps = arenaReservations(child.pid());
            assertEquals(inMaps, arenas, "the child's maps");
            assertTrue(arenas <= 2, "at most 2 arena heaps beside the main one: " + arenas);
        }
    }

    @Test
    void preloadedJemallocIsNamedAndGlibcFiguresAreWithheld() throws Exception {
        if (!Files.isRegularFile(JEMALLOC)) {
            String why =
                    "NOT RUN: "
                            + JEMALLOC
                            + " is missing (apt-get install -y libjemalloc2): jemalloc NOT tested";
            System.err.println(why);
            Assumptions.abort(why);
        }
        try (ChildJvm child =
                ChildJvm.startAs(
                        List.of("/usr/bin/env", "LD_PRELOAD=" + JEMALLOC),
                        Path.of(System.getProperty("java.home")),
                        List.of(ChildJvm.agentArg(""), "-Xmx64m"))) {
            MBeanServerConnection c = child.jmxWithWrss();
            child.send("malloc 64 1");
            refresh(c);
            assertTrue(
                    Files.readString(Path.of("/proc/" + child.pid() + "/maps"))
                            .contains("libjemalloc"));
            assertEquals("jemalloc", c.getAttribute(NATIVE_HEAP, "Allocator"));
            assertEquals(-1L, attr(c, NATIVE_HEAP, "Outstanding"));
            assertEquals(-1L, attr(c, NATIVE_HEAP, "Retained"));
            assertEquals(-1L, attr(c, NATIVE_HEAP, "RetainedResident"));
            assertEquals(-1L, attr(c, NATIVE_HEAP, "Arenas"));
            String[] findings = (String[]) c.getAttribute(NATIVE_HEAP, "Findings");
            assertTrue(
                    Arrays.stream(findings).anyMatch(f -> f.startsWith("jemalloc is in use")),
                    Arrays.toString(findings));
            assertTrue(String.valueOf(c.getAttribute(NATIVE_HEAP, "Status")).contains("jemalloc"));
        }
    }

    /**
     * glibc's arena heap shape, read from the maps here: an anonymous rw-p mapping at a 64 MiB boundary that is
     * 64 MiB long, or is followed by a ---p tail that ends 64 MiB after its start.
     */
    static long arenaReservations(long pid) throws Exception {
        long n = 0;
        List<String> lines = Files.readAllLines(Path.of("/proc/" + pid + "/maps"));
        for (int i = 0; i < lines.size(); i++) {
            String[] f = lines.get(i).trim().split("\\s+");
            long[] r = range(f[0]);
            if (f.length != 5 || !f[1].equals("rw-p") || r[0] % (64 * MIB) != 0) {
                continue;
            }
            String[] next =
                    i + 1 < lines.size()
                            ? lines.get(i + 1).trim().split("\\s+")
                            : new String[] {"0-0", ""};
            long[] t = range(next[0]);
            if (r[1] - r[0] == 64 * MIB
                    || (next.length == 5
                            && next[1].equals("---p")
                            && t[0] == r[1]
                            && t[1] == r[0] + 64 * MIB)) {
                n++;
            }
        }
        return n;
    }

    private static long[] range(String field) {
        String[] s = field.split("-");
        return new long[] {Long.parseUnsignedLong(s[0], 16), Long.parseUnsignedLong(s[1], 16)};
    }
}
