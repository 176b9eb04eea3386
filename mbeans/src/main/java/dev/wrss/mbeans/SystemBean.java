package dev.wrss.mbeans;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javax.management.openmbean.SimpleType;

/** {@code wrss:type=System}: the cgroup and system view of the last scan. Contract in {@link SystemMXBean}. */
final class SystemBean extends SnapshotMBean {

    SystemBean(FootprintControl control) {
        super(
                control,
                SystemMXBean.class,
                "The container's memory limit and usage, the headroom left under it, and the system's mapped pages",
                attributes(),
                List.of());
    }

    private static SnapshotAttribute bytes(
            String name, String description, Function<SystemView, Long> f) {
        return SnapshotAttribute.bytes(name, description, s -> f.apply(s.system()));
    }

    private static List<SnapshotAttribute> attributes() {
        List<SnapshotAttribute> a = new ArrayList<>();
        a.add(
                SnapshotAttribute.of(
                        "CgroupVersion",
                        SimpleType.INTEGER,
                        null,
                        "Version of the memory cgroup hierarchy: 1 or 2; 0 when none was found",
                        s -> s.system().cgroupVersion()));
        a.add(
                SnapshotAttribute.of(
                        "CgroupPath",
                        SimpleType.STRING,
                        null,
                        "The memory cgroup of this process, relative to the cgroup mount",
                        s -> s.system().cgroupPath()));
        a.add(
                bytes(
                        "Limit",
                        "The memory limit of the cgroup (memory.max or memory.limit_in_bytes); -1 when unlimited",
                        SystemView::limitBytes));
        a.add(
                bytes(
                        "Usage",
                        "Memory the cgroup is charged for (memory.current or memory.usage_in_bytes)",
                        SystemView::usageBytes));
        a.add(
                bytes(
                        "Headroom",
                        "The limit minus the usage: what is left before the cgroup reclaims or OOM-kills; "
                                + "-1 when unlimited",
                        SystemView::headroomBytes));
        // referenced by examples/prometheus/wrss.yaml; do not rename
        a.add(
                bytes(
                        "WorkingSet",
                        "The cgroup's working set as the kubelet computes it: Usage less inactive file "
                                + "pages (memory.stat inactive_file); what Kubernetes compares with the limit before evicting",
                        SystemView::workingSetBytes));
        a.add(
                bytes(
                        "Anon",
                        "Anonymous memory charged to the cgroup (memory.stat anon or rss)",
                        SystemView::anonBytes));
        a.add(
                bytes(
                        "File",
                        "Page cache charged to the cgroup (memory.stat file or cache)",
                        SystemView::fileBytes));
        a.add(
                bytes(
                        "Shmem",
                        "Shared memory and tmpfs charged to the cgroup (memory.stat shmem)",
                        SystemView::shmemBytes));
        a.add(
                bytes(
                        "VmstatMapped",
                        "Page-cache pages mapped by any process on the system (/proc/vmstat nr_mapped)",
                        SystemView::vmstatMappedBytes));
        a.add(
                bytes(
                        "MeminfoMapped",
                        "Mapped page cache on the system (/proc/meminfo Mapped)",
                        SystemView::meminfoMappedBytes));
        a.add(
                SnapshotAttribute.bytes(
                        "ProcessPss",
                        "Weighted RSS of this process, to set beside the limit",
                        s -> s.total().pssBytes()));
        a.add(SnapshotAttribute.snapshotId());
        return a;
    }
}
