package dev.wrss.agent.classify;

import dev.wrss.agent.proc.Mapping;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * How many bytes of anonymous {@code .bss} a shared library declares: for each writable PT_LOAD segment of
 * its ELF program headers, the pages its memory size reaches beyond its file size, which the loader maps
 * anonymously right after the file-backed data. Read once per file (by device and inode), from the file's
 * first page; -1 where the file cannot be read or is not a 64-bit little-endian ELF.
 */
final class ElfBss {

    private static final int PT_LOAD = 1;
    private static final int PF_W = 2;
    private static final int MAX_FILES = 4096;
    private static final long PAGE = 4096;

    /** Open addressing by file key, primitive so that a scan's lookups allocate nothing; 0 = empty slot. */
    private final long[] keys = new long[2 * MAX_FILES];

    private final long[] values = new long[2 * MAX_FILES];
    private int size;
    private final ByteBuffer header = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);

    /** The declared .bss pages of the file behind {@code m}, a file-backed mapping, or -1 if unknown. */
    long bytes(Mapping m) {
        long key = (m.inode() * 31 + ((long) m.devMajor() << 20 | m.devMinor())) | 1; // never 0
        int slot = (int) (Long.hashCode(key * 0x9E3779B97F4A7C15L) & (keys.length - 1));
        while (keys[slot] != 0) {
            if (keys[slot] == key) {
                return values[slot];
            }
            slot = (slot + 1) & (keys.length - 1);
        }
        if (size >= MAX_FILES) {
            java.util.Arrays.fill(keys, 0); // bounded: a process maps far fewer libraries than this
            size = 0;
        }
        long bss = read(m.pathString());
        keys[slot] = key;
        values[slot] = bss;
        size++;
        return bss;
    }

    long retainedBytes() {
        return 4096 + 16L * keys.length;
    }

    private long read(String path) {
        header.clear();
        try (FileChannel ch = FileChannel.open(Path.of(path), StandardOpenOption.READ)) {
            while (header.hasRemaining() && ch.read(header) > 0) {
                // the program headers of a shared library lie in its first page
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return parse(header.flip());
    }

    /** The declared .bss pages of the ELF image in {@code b} (little-endian), or -1. */
    static long parse(ByteBuffer b) {
        if (b.limit() < 64
                || b.get(0) != 0x7f
                || b.get(1) != 'E'
                || b.get(2) != 'L'
                || b.get(3) != 'F'
                || b.get(4) != 2
                || b.get(5) != 1) {
            return -1;
        }
        long phoff = b.getLong(32);
        int phentsize = b.getShort(54) & 0xffff;
        int phnum = b.getShort(56) & 0xffff;
        if (phentsize < 56 || phoff < 0 || phoff + (long) phnum * phentsize > b.limit()) {
            return -1;
        }
        long bss = 0;
        for (int i = 0; i < phnum; i++) {
            int at = (int) phoff + i * phentsize;
            if (b.getInt(at) == PT_LOAD && (b.getInt(at + 4) & PF_W) != 0) {
                long vaddr = b.getLong(at + 16);
                bss += pageUp(vaddr + b.getLong(at + 40)) - pageUp(vaddr + b.getLong(at + 32));
            }
        }
        return bss;
    }

    private static long pageUp(long address) {
        return (address + PAGE - 1) & -PAGE;
    }
}
