package dev.wrss.agent.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Which NUMA node each physical frame belongs to, from sysfs memory blocks: every
 * {@code devices/system/node/nodeN/memoryM} link names a block of {@code memory/block_size_bytes} (hex),
 * whose first frame is {@code phys_index} (hex) times the block size. Read once; immutable.
 */
public final class NumaTopology {

    private final long blockBytes;
    private final long[] blocks;
    private final int[] blockNodes;
    private final int[] nodeIds;

    /** The node every frame is on when the blocks are not known; -1 if that cannot be said. */
    private final int defaultNode;

    private NumaTopology(
            long blockBytes, long[] blocks, int[] blockNodes, int[] nodeIds, int defaultNode) {
        this.blockBytes = blockBytes;
        this.blocks = blocks;
        this.blockNodes = blockNodes;
        this.nodeIds = nodeIds;
        this.defaultNode = defaultNode;
    }

    /** Reads {@code <sysRoot>/devices/system/{node,memory}}; never throws. */
    public static NumaTopology read(Path sysRoot) {
        Path nodeDir = sysRoot.resolve("devices/system/node");
        int[] ids = numberedEntries(nodeDir, "node");
        if (ids.length == 0) {
            return singleNode();
        }
        // Without memory blocks (no CONFIG_MEMORY_HOTPLUG) one node still owns everything; several
        // cannot be told apart.
        int fallback = ids.length == 1 ? ids[0] : -1;
        long blockBytes = readHex(sysRoot.resolve("devices/system/memory/block_size_bytes"));
        if (blockBytes <= 0) {
            return new NumaTopology(1, new long[0], new int[0], ids, fallback);
        }
        int n = 0;
        long[] blocks = new long[64];
        int[] nodes = new int[64];
        for (int id : ids) {
            for (int m : numberedEntries(nodeDir.resolve("node" + id), "memory")) {
                long phys = readHex(nodeDir.resolve("node" + id + "/memory" + m + "/phys_index"));
                if (n == blocks.length) {
                    blocks = Arrays.copyOf(blocks, n * 2);
                    nodes = Arrays.copyOf(nodes, n * 2);
                }
                blocks[n] = phys >= 0 ? phys : m;
                nodes[n++] = id;
            }
        }
        return n == 0
                ? new NumaTopology(blockBytes, new long[0], new int[0], ids, fallback)
                : sorted(blockBytes, blocks, nodes, n, ids);
    }

    /**
     * The node ids alone, without the memory blocks: enough for whoever only asks how many nodes there are and
     * which one is alone. Reading every block's {@code phys_index} (hundreds of sysfs files on a large host)
     * allocated about 1 MiB at start-up for nothing there.
     */
    public static NumaTopology nodesOf(Path sysRoot) {
        int[] ids = numberedEntries(sysRoot.resolve("devices/system/node"), "node");
        return ids.length == 0
                ? singleNode()
                : new NumaTopology(1, new long[0], new int[0], ids, ids.length == 1 ? ids[0] : -1);
    }

    /** Everything on node 0: the answer when sysfs says nothing. */
    public static NumaTopology singleNode() {
        return new NumaTopology(1, new long[0], new int[0], new int[] {0}, 0);
    }

    private static NumaTopology sorted(
            long blockBytes, long[] blocks, int[] nodes, int n, int[] ids) {
        long[] keyed = new long[n];
        for (int i = 0; i < n; i++) {
            keyed[i] = blocks[i];
        }
        Arrays.sort(keyed);
        int[] sortedNodes = new int[n];
        for (int i = 0; i < n; i++) {
            sortedNodes[Arrays.binarySearch(keyed, blocks[i])] = nodes[i];
        }
        return new NumaTopology(blockBytes, keyed, sortedNodes, ids, -1);
    }

    /** The node of the frame {@code pfn} with pages of {@code pageSizeBytes}; -1 if unknown. */
    public int nodeOf(long pfn, int pageSizeBytes) {
        if (blocks.length == 0) {
            return defaultNode;
        }
        int k = Arrays.binarySearch(blocks, pfn / Math.max(1, blockBytes / pageSizeBytes));
        return k < 0 ? -1 : blockNodes[k];
    }

    /** The node ids present, ascending. */
    public int[] nodeIds() {
        return nodeIds.clone();
    }

    public int nodeCount() {
        return nodeIds.length;
    }

    /** The node if there is exactly one, else -1: a present page is then on it even if its PFN is hidden. */
    public int onlyNode() {
        return nodeIds.length == 1 ? nodeIds[0] : -1;
    }

    public long blockBytes() {
        return blockBytes;
    }

    /** Ascending numbers N of the entries named {@code <prefix>N} in {@code dir}; empty if unreadable. */
    private static int[] numberedEntries(Path dir, String prefix) {
        int[] out = new int[8];
        int n = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, prefix + "[0-9]*")) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                int v = parseDecimal(name, prefix.length());
                if (v >= 0) {
                    out = n == out.length ? Arrays.copyOf(out, n * 2) : out;
                    out[n++] = v;
                }
            }
        } catch (IOException | RuntimeException e) {
            return new int[0];
        }
        out = Arrays.copyOf(out, n);
        Arrays.sort(out);
        return out;
    }

    private static int parseDecimal(String s, int from) {
        int v = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9' || v > 100_000_000) {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return from < s.length() ? v : -1;
    }

    /** A hex file such as {@code 8000000}; -1 if missing or malformed. */
    private static long readHex(Path file) {
        try {
            String s = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).trim();
            if (s.startsWith("0x")) {
                s = s.substring(2);
            }
            return s.isEmpty() ? -1 : Long.parseUnsignedLong(s, 16);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
