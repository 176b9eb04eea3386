package dev.wrss.mbeans;

import javax.management.MBeanOperationInfo;
import javax.management.openmbean.OpenMBeanAttributeInfoSupport;
import javax.management.openmbean.OpenMBeanOperationInfoSupport;
import javax.management.openmbean.OpenMBeanParameterInfoSupport;
import javax.management.openmbean.SimpleType;

/** {@code wrss:type=Pages}: per-page queries of this process. Contract in {@link PagesMXBean}. */
final class PagesBean extends SnapshotMBean<FootprintControl> {

    /**
     * A page row costs about a kilobyte of the host's heap as open data, so the per-page table is bounded far
     * below the 1 GiB the summary may cover: one call must not be able to exhaust the application's heap.
     */
    static final long MAX_PAGE_ROWS_BYTES = 16L << 20;

    private final FootprintControl control;

    PagesBean(FootprintControl control) {
        super(
                "Per-page truth for this process: physical frame, file offset, map count and protection of each page",
                mxbean("PagesMXBean"),
                new OpenMBeanAttributeInfoSupport[] {
                    AttributeTable.info(
                            "Privileged",
                            SimpleType.BOOLEAN,
                            AttributeTable.NONE,
                            "Whether physical frames and map counts are visible (needs CAP_SYS_ADMIN); without it "
                                    + "pfn is 0 and count is 1 for exclusive pages, 0 (unknown) otherwise",
                            false)
                },
                operations(),
                NO_NOTIFICATIONS);
        this.control = control;
    }

    /** Nothing to pin: the one attribute asks the control. */
    @Override
    FootprintControl source() {
        return control;
    }

    @Override
    Object value(String name, FootprintControl c) {
        if (name.equals("Privileged")) {
            return c.pagesPrivileged();
        }
        throw new IllegalArgumentException("no attribute " + name);
    }

    @Override
    Object operation(String name, Object[] args) {
        return switch (name) {
            case "supermincore" ->
                    FootprintRows.pages(
                            control.supermincore(arg(args, 0), bounded(args), true).pages());
            case "summary" ->
                    FootprintRows.pageSummary(
                            control.supermincore(arg(args, 0), arg(args, 1), false).mappings());
            default -> super.operation(name, args);
        };
    }

    private static OpenMBeanOperationInfoSupport[] operations() {
        return new OpenMBeanOperationInfoSupport[] {
            operationInfo(
                    "supermincore",
                    "One row per page of [start, end) (at most 16 MiB): pfn, index, count, perms, flags, node",
                    FootprintTables.PAGES.type(),
                    MBeanOperationInfo.INFO,
                    range()),
            operationInfo(
                    "summary",
                    "One row per mapping of [start, end) (at most 1 GiB): pages present, swapped, "
                            + "exclusive, shared, and the exact weighted bytes",
                    FootprintTables.PAGE_SUMMARY.type(),
                    MBeanOperationInfo.INFO,
                    range())
        };
    }

    /** The end of a per-page query, refused past {@link #MAX_PAGE_ROWS_BYTES}. */
    private static long bounded(Object[] args) {
        long start = arg(args, 0);
        long end = arg(args, 1);
        if (Long.compareUnsigned(end, start) > 0 && end - start > MAX_PAGE_ROWS_BYTES) {
            throw new IllegalArgumentException(
                    "supermincore over JMX answers at most "
                            + (MAX_PAGE_ROWS_BYTES >> 20)
                            + " MiB per call (one table row per page); use summary(start, end) for up to 1 GiB, "
                            + "or the command line 'pages'");
        }
        return end;
    }

    private static long arg(Object[] args, int i) {
        if (args == null || args.length <= i || !(args[i] instanceof Long)) {
            throw new IllegalArgumentException("expected (long start, long end)");
        }
        return (Long) args[i];
    }

    private static OpenMBeanParameterInfoSupport[] range() {
        return new OpenMBeanParameterInfoSupport[] {
            new OpenMBeanParameterInfoSupport(
                    "start", "First address of the range", SimpleType.LONG),
            new OpenMBeanParameterInfoSupport(
                    "end", "End address of the range (exclusive)", SimpleType.LONG)
        };
    }
}
