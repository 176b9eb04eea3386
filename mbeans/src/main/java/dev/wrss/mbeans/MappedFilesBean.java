package dev.wrss.mbeans;

import javax.management.openmbean.OpenMBeanAttributeInfoSupport;
import javax.management.openmbean.SimpleType;

/**
 * {@code wrss:type=MappedFiles}: the mapped data files with the most weighted memory, and the totals of the
 * mapped_files region. Contract in {@link MappedFilesMXBean}.
 */
final class MappedFilesBean extends SnapshotMBean<FootprintSnapshot> {

    private final FootprintControl control;

    MappedFilesBean(FootprintControl control) {
        super(
                "Files mapped into this JVM that are not code (MappedByteBuffers, memfd, data files), largest first",
                mxbean("MappedFilesMXBean"),
                attributes(),
                NO_OPERATIONS,
                NO_NOTIFICATIONS);
        this.control = control;
    }

    @Override
    FootprintSnapshot source() {
        return latest(control);
    }

    @Override
    Object value(String name, FootprintSnapshot s) {
        return switch (name) {
            case "Files" -> FootprintRows.files(s.files());
            case "Count" -> s.fileCount();
            case "SnapshotId" -> s.id();
            default -> AttributeTable.usage(name, s.region(Region.MAPPED_FILES));
        };
    }

    private static OpenMBeanAttributeInfoSupport[] attributes() {
        return new AttributeTable()
                .add(
                        "Files",
                        FootprintTables.FILES.type(),
                        AttributeTable.NONE,
                        "The mapped files with the most weighted memory, at most as many as configured")
                .add(
                        "Count",
                        SimpleType.INTEGER,
                        AttributeTable.NONE,
                        "Number of distinct mapped files the last scan saw, including those not listed in Files")
                .usage("all mapped files", "Rss", "Pss")
                .snapshotId()
                .toArray();
    }
}
