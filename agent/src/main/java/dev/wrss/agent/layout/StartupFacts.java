package dev.wrss.agent.layout;

import dev.wrss.agent.proc.MapsReader;
import dev.wrss.mbeans.Region;

/**
 * The facts a layout reads once, as those ranges never move: GC.heap_info, Compiler.codecache, the system
 * properties and the stack sizes; VM.info only where the layout needs it ({@link #needsVmInfo}); and the
 * structures /proc/PID/maps shows at start, found by their size. Not thread-safe: one {@link LayoutProbe} owns
 * it.
 */
final class StartupFacts {

    private final JvmFacts endpoint;

    private HeapInfo heap = HeapInfo.UNKNOWN;
    private VmInfo vm;
    private long[] collectionSetMap = new long[0];
    private long[] code = new long[0];
    private long[] codeCommitted;
    private String javaHome;
    private String vmName;
    private final RangeTableBuilder sizeRanges = new RangeTableBuilder();

    private boolean vmInfoAllowed = true;
    private boolean vmInfoRan;

    /** VM.info's malloc lines from the one VM.info the layout reads; null until then or if absent. */
    private volatile String vmInfoMallocLines;

    StartupFacts(JvmFacts endpoint) {
        this.endpoint = endpoint;
    }

    /** Never lets the layout ask VM.info; see {@link LayoutProbe#withoutVmInfo()}. */
    void withoutVmInfo() {
        vmInfoAllowed = false;
    }

    /** GC.heap_info and Compiler.codecache. */
    void readHeapAndCode() {
        String heapInfo = endpoint.command("GC.heap_info");
        heap = HeapInfo.parse(heapInfo);
        collectionSetMap = HeapInfo.collectionSetMap(heapInfo);
        String codecache = endpoint.command("Compiler.codecache");
        code = CodeHeaps.parse(codecache);
        codeCommitted = CodeHeaps.committed(codecache);
    }

    /** The system properties, VM.info where needed, and the stack sizes {@code shapes} looks for. */
    void readVm(StackShapes shapes) {
        if (endpoint.inProcess()) {
            // VM.system_properties stores the properties with a date comment: ~100 classes of time
            // zones and locale data loaded into the host for two values this process already has
            javaHome = System.getProperty("java.home");
            vmName = System.getProperty("java.vm.name");
        } else {
            String properties = endpoint.command("VM.system_properties");
            javaHome = SystemProperties.javaHome(properties);
            vmName = SystemProperties.vmName(properties);
        }
        vm = vmInfoAllowed && needsVmInfo(heap) ? VmInfo.parse(readVmInfo()) : VmInfo.parse(null);
        shapes.setStackSizes(
                endpoint.vmOption("ThreadStackSize"),
                endpoint.vmOption("CompilerThreadStackSize"),
                endpoint.vmOption("VMThreadStackSize"));
    }

    /** The ranges found by their size in {@code maps}, read at start; {@code shapes} finds the stacks there. */
    void findRanges(MapsReader maps, MetaspaceNodes meta, StackShapes shapes) {
        if (!vmInfoAllowed || !needsVmInfo(heap)) {
            vm = VmInfo.derive(maps, heap, meta, vmName);
        }
        long markStack = endpoint.vmOption("MarkStackSize");
        RangesBySize.add(
                maps,
                heap,
                code,
                codeCommitted,
                vm.serverVm(),
                markStack > 0 ? markStack * Long.BYTES : 0,
                endpoint.vmFlag("UseTransparentHugePages"),
                sizeRanges);
        StaticRanges.addContaining(maps, collectionSetMap, Region.GC_DATA, sizeRanges);
        if (heap.collector().equals("Z")
                && vm.zgcGranuleMapBytes() >= RangesBySize.ZGC_GRANULE_MAP_MIN_BYTES) {
            // non-generational ZGC: ZMarkStackSpaceLimit exists there
            RangesBySize.addZgcTables(
                    maps,
                    vm.zgcGranuleMapBytes(),
                    endpoint.vmOption("ZMarkStackSpaceLimit"),
                    sizeRanges);
        }
        // a run from inside one thread's stack to the end of the next one's guard can have a GC
        // table's size: never one (a table neither begins nor ends inside a guard+stack shape).
        // With thousands of threads at start-up (an attach, the CLI) such guesses were ~7 ranges a
        // thread for every layout rebuild to sort; one ending in a JDK 25 Java thread's guard zone
        // claimed 924 KiB below it
        shapes.find(maps);
        sizeRanges.removeReachingInto(shapes.found());
        // a table guessed by its size alone that overlaps a segment map found by both its sizes
        // explains the same reservation worse: it goes whole, not cut down to a few pages that
        // could decide a mapping
        sizeRanges.removeOverlapping(StaticRanges.BY_SIZE);
    }

    /**
     * What the first VM.info costs the JVM for good: HotSpot reads libjvm's symbol and string tables into
     * malloc to name the signal handlers (4.0 MiB on JDK 17, 4.9 MiB on JDK 25).
     */
    static final long VM_INFO_COST_BYTES = 4L << 20;

    /**
     * Whether the layout needs VM.info: for the card table and mark bitmaps of G1, Parallel and Serial, which
     * sit in anonymous mappings the kernel merges with their neighbours, where their size alone does not find
     * them (FidelityIT without them: Parallel and Serial's tables 0% found, G1's 85%; three real servers below
     * their floor), and for a heap whose range GC.heap_info does not print. ZGC and Shenandoah do without it,
     * and so does a heap whose tables could not weigh what VM.info costs: locating them must not take more
     * memory than misplacing them would.
     */
    static boolean needsVmInfo(HeapInfo heap) {
        return switch (heap.collector()) {
            case "G1", "Parallel", "Serial" ->
                    !heap.hasRange() || gcTablesAtMost(heap) > VM_INFO_COST_BYTES;
            case "Z", "Shenandoah" -> false;
            default -> !heap.hasRange();
        };
    }

    /**
     * The most the tables VM.info locates can hold: a byte per 512-byte card for the card table, the block
     * offset table and G1's card counts, and two mark bitmaps of a bit per 8-byte word (Parallel's begin and
     * end bits alike).
     */
    static long gcTablesAtMost(HeapInfo heap) {
        long h = heap.end() - heap.start();
        return 3 * (h / 512) + 2 * (h / 64);
    }

    /**
     * Runs VM.info, once, and keeps only its malloc lines: its text holds all of /proc/PID/maps (megabytes with
     * many mapped files), which the layout parses at once.
     *
     * @return its text, or null if it failed
     */
    private String readVmInfo() {
        String text = endpoint.command("VM.info");
        vmInfoRan = text != null;
        // the native heap's first figures, at no second cost
        vmInfoMallocLines = VmInfo.mallocLines(text);
        return text;
    }

    boolean vmInfoRan() {
        return vmInfoRan;
    }

    String vmInfoMallocLines() {
        return vmInfoMallocLines;
    }

    HeapInfo heap() {
        return heap;
    }

    VmInfo vm() {
        return vm;
    }

    /** The code heaps' address ranges, {low, high, ...}. */
    long[] code() {
        return code;
    }

    String javaHome() {
        return javaHome;
    }

    /** The ranges {@link #findRanges} found. */
    RangeTableBuilder sizeRanges() {
        return sizeRanges;
    }
}
