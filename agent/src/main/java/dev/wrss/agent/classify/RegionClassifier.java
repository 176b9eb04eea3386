package dev.wrss.agent.classify;

import dev.wrss.agent.layout.JvmLayout;
import dev.wrss.agent.proc.Mapping;
import dev.wrss.mbeans.Region;
import java.nio.charset.StandardCharsets;

/**
 * Gives every mapping exactly one {@link Region}, by ordered rules: first the address ranges the JVM
 * itself reported ({@link JvmLayout}), then kernel pseudo-paths, then file paths, then the shape of
 * anonymous memory. Mappings must be fed in address order (as smaps lists them), since two rules look at
 * the mapping before: a shared library's bss follows its data segment, and a glibc arena spans the 64 MiB
 * window that starts at its aligned first mapping. Call {@link #startScan()} before each scan.
 */
public final class RegionClassifier {

    /** glibc's HEAP_MAX_SIZE on 64-bit: every non-main arena heap is a 64 MiB-aligned 64 MiB reservation. */
    static final long ARENA_BYTES = 64L << 20;

    private static final byte[] HEAP = ascii("[heap]");
    private static final byte[] STACK = ascii("[stack]");
    private static final byte[] ANON_PREFIX = ascii("[anon:");
    private static final byte[] GLIBC_MALLOC = ascii("[anon:glibc: malloc");
    private static final byte[] ZGC_HEAP = ascii("/memfd:java_heap");
    private static final byte[] JSA = ascii(".jsa");
    private static final byte[] MODULES = ascii("/lib/modules");
    private static final byte[] DOT_SO = ascii(".so");
    private static final byte[] DOT_SO_DOT = ascii(".so.");

    private final FileRegionCache files = new FileRegionCache();
    private final JvmLayout.Cursor cursor = new JvmLayout.Cursor();
    private long previousEnd = -1;
    private long arenaEnd = -1;
    private final ElfBss elf = new ElfBss();

    /** The .bss the mapping before declares, if it is a library's writable data segment; else 0. */
    private long bssAllowed;

    public long retainedBytesEstimate() {
        return files.retainedBytes() + elf.retainedBytes();
    }

    public void startScan() {
        files.startScan();
        previousEnd = -1;
        arenaEnd = -1;
    }

    /** The region of {@code m}; never null. */
    public Region classify(Mapping m, JvmLayout layout) {
        Region r = decide(m, layout);
        previousEnd = m.end();
        bssAllowed = 0;
        if (r == Region.SHARED_LIBS && m.fileBacked() && m.writable() && !m.pseudoPath()) {
            long declared = elf.bytes(m);
            // a library that cannot be read keeps the neighbour rule alone
            bssAllowed = declared < 0 ? Long.MAX_VALUE : declared;
        }
        return r;
    }

    private Region decide(Mapping m, JvmLayout layout) {
        Region known = layout.regionOf(m.start(), m.end(), cursor);
        // the JVM's ranges hold anonymous memory, but for the ZGC heap (memfd) and CDS
        // (classes.jsa): a file mapped where a thread's stack used to be (the layout keeps a dead
        // thread's range until it relists) is still a file
        if (known != null
                && (!m.fileBacked() || known == Region.JAVA_HEAP || known == Region.CDS_ARCHIVE)) {
            return known;
        }
        if (m.pseudoPath()) {
            if (m.pathEquals(HEAP)) {
                return Region.MALLOC;
            }
            if (m.pathEquals(STACK)) {
                return Region.THREAD_STACKS;
            }
            if (m.pathStartsWith(GLIBC_MALLOC)) {
                return Region.MALLOC;
            }
            if (!m.pathStartsWith(ANON_PREFIX)) {
                return Region.OTHER; // [vdso], [vvar], [vsyscall], [uprobes]...
            }
            return anonymous(m); // a named anonymous mapping is still anonymous memory
        }
        if (m.fileBacked()) {
            return file(m, layout);
        }
        return anonymous(m);
    }

    private Region file(Mapping m, JvmLayout layout) {
        if (m.pathStartsWith(ZGC_HEAP)) {
            // non-generational ZGC maps the heap three times: RSS triple-counts it, Pss does not
            return Region.JAVA_HEAP;
        }
        Region cached = m.inode() == 0 ? null : files.get(m.devMajor(), m.devMinor(), m.inode());
        // an ELF file without ".so" in its name shows it is code only at its r-x segment: upgrade
        // then
        if (cached != null && !(cached == Region.MAPPED_FILES && m.executable())) {
            return cached;
        }
        Region r;
        if (m.pathEndsWith(JSA)) {
            r = Region.CDS_ARCHIVE;
        } else if (m.pathEndsWith(MODULES)) { // the jimage file: only a JDK maps one
            r = Region.JDK_IMAGE;
        } else if (m.pathEndsWith(DOT_SO)
                || m.fileNameContains(DOT_SO_DOT)
                || m.executable()
                || isUnderJavaBin(m, layout.javaHome())) {
            r = Region.SHARED_LIBS;
        } else {
            r = Region.MAPPED_FILES;
        }
        if (m.inode() != 0 && r != Region.MAPPED_FILES) {
            // the file's other segments carry its region too. Plain data files are not kept:
            // examining their
            // path again is as cheap as a lookup, and a process may map tens of thousands of them
            files.put(m.devMajor(), m.devMinor(), m.inode(), r);
        }
        return r;
    }

    private Region anonymous(Mapping m) {
        // arenas first: mmap may place a 64 MiB-aligned arena directly after a library's data
        // segment
        if (m.start() < arenaEnd) {
            return Region.MALLOC;
        }
        if (m.start() % ARENA_BYTES == 0
                && !m.executable()
                && !m.shared()
                && m.end() - m.start() <= ARENA_BYTES) {
            arenaEnd = m.start() + ARENA_BYTES;
            return Region.MALLOC;
        }
        if (previousEnd == m.start() && m.writable() && m.end() - m.start() <= bssAllowed) {
            // a library's .bss: anonymous, right after its data segment, and no larger than its ELF
            // declares
            // (the kernel may place a GC table right after a library whose .bss is a page or none)
            return Region.SHARED_LIBS;
        }
        if (m.writable() && !m.shared()) {
            return Region.MALLOC; // glibc serves large allocations with private anonymous mmap
        }
        return Region.OTHER;
    }

    private String javaHomeCached;
    private byte[] javaBinBytes;

    /**
     * Whether the path is under {@code javaHome/bin/}. Runs once per new file, and more often when the
     * file cache overflows, so the prefix is encoded once per layout, not concatenated per call.
     */
    private boolean isUnderJavaBin(Mapping m, String javaHome) {
        if (javaHome == null || javaHome.startsWith("null")) {
            return false;
        }
        if (javaHome != javaHomeCached) {
            javaHomeCached = javaHome;
            javaBinBytes = ascii(javaHome + "/bin/");
        }
        return m.pathStartsWith(javaBinBytes);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
