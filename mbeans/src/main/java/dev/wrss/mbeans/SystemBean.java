package dev.wrss.mbeans;

import javax.management.openmbean.OpenMBeanAttributeInfoSupport;
import javax.management.openmbean.SimpleType;

/** {@code wrss:type=System}: the cgroup and system view of the last scan. Contract in {@link SystemMXBean}. */
final class SystemBean extends SnapshotMBean<FootprintSnapshot> {

    private final FootprintControl control;

    SystemBean(FootprintControl control) {
        super(
                "The container's memory limit and usage, the headroom left under it, and the system's mapped pages",
                mxbean("SystemMXBean"),
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
        SystemView v = s.system();
        return switch (name) {
            case "CgroupVersion" -> v.cgroupVersion();
            case "CgroupPath" -> v.cgroupPath();
            case "Limit" -> v.limitBytes();
            case "Usage" -> v.usageBytes();
            case "Headroom" -> v.headroomBytes();
            case "WorkingSet" -> v.workingSetBytes();
            case "Anon" -> v.anonBytes();
            case "File" -> v.fileBytes();
            case "Shmem" -> v.shmemBytes();
            case "VmstatMapped" -> v.vmstatMappedBytes();
            case "MeminfoMapped" -> v.meminfoMappedBytes();
            case "ProcessPss" -> s.total().pssBytes();
            case "SnapshotId" -> s.id();
            default -> throw new IllegalArgumentException("no attribute " + name);
        };
    }

    private static OpenMBeanAttributeInfoSupport[] attributes() {
        return new AttributeTable()
                .add(
                        "CgroupVersion",
                        SimpleType.INTEGER,
                        AttributeTable.NONE,
                        "Version of the memory cgroup hierarchy: 1 or 2; 0 when none was found")
                .add(
                        "CgroupPath",
                        SimpleType.STRING,
                        AttributeTable.NONE,
                        "The memory cgroup of this process, relative to the cgroup mount")
                .bytes(
                        "Limit",
                        "The memory limit of the cgroup (memory.max or memory.limit_in_bytes); -1 when unlimited")
                .bytes(
                        "Usage",
                        "Memory the cgroup is charged for (memory.current or memory.usage_in_bytes)")
                .bytes(
                        "Headroom",
                        "The limit minus the usage: what is left before the cgroup reclaims or OOM-kills; "
                                + "-1 when unlimited")
                // referenced by examples/prometheus/wrss.yaml; do not rename
                .bytes(
                        "WorkingSet",
                        "The cgroup's working set as the kubelet computes it: Usage less inactive file "
                                + "pages (memory.stat inactive_file); what Kubernetes compares with the limit before evicting")
                .bytes("Anon", "Anonymous memory charged to the cgroup (memory.stat anon or rss)")
                .bytes("File", "Page cache charged to the cgroup (memory.stat file or cache)")
                .bytes("Shmem", "Shared memory and tmpfs charged to the cgroup (memory.stat shmem)")
                .bytes(
                        "VmstatMapped",
                        "Page-cache pages mapped by any process on the system (/proc/vmstat nr_mapped)")
                .bytes("MeminfoMapped", "Mapped page cache on the system (/proc/meminfo Mapped)")
                .bytes("ProcessPss", "Weighted RSS of this process, to set beside the limit")
                .snapshotId()
                .toArray();
    }
}
