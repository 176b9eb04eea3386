package dev.wrss.mbeans;

import java.util.ArrayList;
import java.util.List;
import javax.management.openmbean.SimpleType;

/**
 * {@code wrss:type=MappedFiles}: the mapped data files with the most weighted memory, and the totals of the
 * mapped_files region. Contract in {@link MappedFilesMXBean}.
 */
final class MappedFilesBean extends SnapshotMBean {

    MappedFilesBean(FootprintControl control) {
        super(
                control,
                MappedFilesMXBean.class,
                "Files mapped into this JVM that are not code (MappedByteBuffers, memfd, data files), largest first",
                attributes(),
                List.of());
    }

    private static List<SnapshotAttribute> attributes() {
        List<SnapshotAttribute> a = new ArrayList<>();
        a.add(
                SnapshotAttribute.of(
                        "Files",
                        FootprintTables.FILES.type(),
                        null,
                        "The mapped files with the most weighted memory, at most as many as configured",
                        s -> FootprintTables.files(s.files())));
        a.add(
                SnapshotAttribute.of(
                        "Count",
                        SimpleType.INTEGER,
                        null,
                        "Number of distinct mapped files the last scan saw, including those not listed in Files",
                        FootprintSnapshot::fileCount));
        a.addAll(
                SnapshotAttribute.usage(
                        "all mapped files", s -> s.region(Region.MAPPED_FILES), "Rss", "Pss"));
        a.add(SnapshotAttribute.snapshotId());
        return a;
    }
}
