package dev.wrss.agent.host;

import dev.wrss.agent.proc.KernelPageSize;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Bytes per NUMA node per mapping, parsed from /proc/PID/numa_maps: the unprivileged way to place memory
 * on nodes, since pagemap hides PFNs. A line is the mapping's start, its policy, then {@code key=value}
 * tokens, of which {@code N<node>=<pages>} and {@code kernelpagesize_kB} matter here:
 * <pre>
 * 7f3a2c000000 interleave:0-1 anon=3 dirty=3 N0=2 N1=1 kernelpagesize_kB=4
 * 7f3a40000000 bind:1 file=/dev/hugepages/db huge dirty=2 N1=2 kernelpagesize_kB=2048
 * </pre>
 */
public final class NumaMaps {

    private static final byte[] PAGE_SIZE_KEY =
            "kernelpagesize_kB=".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final long[] starts;
    private final long[] pageSizes;
    private final int stride;

    /** bytes[mapping * stride + node] */
    private final long[] bytes;

    private NumaMaps(long[] starts, long[] pageSizes, int stride, long[] bytes) {
        this.starts = starts;
        this.pageSizes = pageSizes;
        this.stride = stride;
        this.bytes = bytes;
    }

    /**
     * Reads {@code <procRoot>/<pid>/numa_maps}, a page-table walk per mapping, in reads of a little less than
     * a page, which make the kernel walk no mapping twice ({@link KernelPageSize#seqFileReadBytes}).
     */
    public static NumaMaps read(Path procRoot, long pid) throws IOException {
        int ask = KernelPageSize.seqFileReadBytes(KernelPageSize.read(procRoot));
        byte[] text = new byte[16 << 10];
        int length = 0;
        try (FileChannel in =
                FileChannel.open(procRoot.resolve(pid + "/numa_maps"), StandardOpenOption.READ)) {
            for (int n; ; length += n) {
                if (text.length - length < ask) {
                    text = Arrays.copyOf(text, text.length * 2);
                }
                n = in.read(ByteBuffer.wrap(text, length, ask));
                if (n < 0) {
                    break;
                }
            }
        }
        return parse(Arrays.copyOf(text, length));
    }

    /** Parses numa_maps text; lines that do not start with a hex address are skipped. */
    public static NumaMaps parse(byte[] text) {
        int lines = 0;
        for (byte c : text) {
            lines += c == '\n' ? 1 : 0;
        }
        lines++;
        long[] starts = new long[lines];
        long[] pageSizes = new long[lines];
        // (mapping, node, pages) triples, laid out once the highest node is known
        int[] tripleMapping = new int[16];
        int[] tripleNode = new int[16];
        long[] triplePages = new long[16];
        int triples = 0;
        int mappings = 0;
        int maxNode = -1;
        for (int p = 0; p < text.length; ) {
            int eol = p;
            while (eol < text.length && text[eol] != '\n') {
                eol++;
            }
            int q = p;
            long start = 0;
            for (; q < eol && Character.digit(text[q], 16) >= 0; q++) {
                start = (start << 4) | Character.digit(text[q], 16);
            }
            if (q > p && q < eol && text[q] == ' ') {
                starts[mappings] = start;
                pageSizes[mappings] = 4096;
                for (int t = q + 1; t < eol; t++) {
                    if (text[t - 1] != ' ') {
                        continue;
                    }
                    if (text[t] == 'N' && t + 1 < eol && isDigit(text[t + 1])) {
                        int eq = t + 1;
                        int node = 0;
                        for (; eq < eol && isDigit(text[eq]); eq++) {
                            node = node * 10 + (text[eq] - '0');
                        }
                        if (eq < eol && text[eq] == '=') {
                            if (triples == tripleNode.length) {
                                tripleMapping = Arrays.copyOf(tripleMapping, triples * 2);
                                tripleNode = Arrays.copyOf(tripleNode, triples * 2);
                                triplePages = Arrays.copyOf(triplePages, triples * 2);
                            }
                            tripleMapping[triples] = mappings;
                            tripleNode[triples] = node;
                            triplePages[triples++] = decimal(text, eq + 1, eol);
                            maxNode = Math.max(maxNode, node);
                        }
                    } else if (startsWith(text, t, eol, PAGE_SIZE_KEY)) {
                        pageSizes[mappings] = decimal(text, t + PAGE_SIZE_KEY.length, eol) * 1024;
                    }
                }
                mappings++;
            }
            p = eol + 1;
        }
        int stride = maxNode + 1;
        long[] bytes = new long[mappings * stride];
        for (int i = 0; i < triples; i++) {
            bytes[tripleMapping[i] * stride + tripleNode[i]] +=
                    triplePages[i] * pageSizes[tripleMapping[i]];
        }
        return new NumaMaps(
                Arrays.copyOf(starts, mappings), Arrays.copyOf(pageSizes, mappings), stride, bytes);
    }

    public int mappingCount() {
        return starts.length;
    }

    public long start(int i) {
        return starts[i];
    }

    /** The page size the counts of mapping {@code i} are in: 4096, or a huge page size for hugetlb. */
    public long kernelPageSizeBytes(int i) {
        return pageSizes[i];
    }

    /** The highest node id seen; -1 if no mapping has a page anywhere. */
    public int maxNode() {
        return stride - 1;
    }

    public long bytesOnNode(int i, int node) {
        return node >= 0 && node < stride ? bytes[i * stride + node] : 0;
    }

    /** Bytes on {@code node} of the mapping starting at {@code startAddress}; 0 if no such mapping. */
    public long bytesOnNodeAt(long startAddress, int node) {
        int i = indexOf(startAddress);
        return i < 0 ? 0 : bytesOnNode(i, node);
    }

    /** The mapping starting at {@code startAddress}, or -1. */
    public int indexOf(long startAddress) {
        int i = Arrays.binarySearch(starts, startAddress);
        return i < 0 ? -1 : i;
    }

    public long totalBytesOnNode(int node) {
        long sum = 0;
        for (int i = 0; i < starts.length; i++) {
            sum += bytesOnNode(i, node);
        }
        return sum;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static long decimal(byte[] b, int from, int to) {
        long v = 0;
        for (int i = from; i < to && isDigit(b[i]); i++) {
            v = v * 10 + (b[i] - '0');
        }
        return v;
    }

    private static boolean startsWith(byte[] b, int from, int to, byte[] prefix) {
        if (to - from < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[from + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
