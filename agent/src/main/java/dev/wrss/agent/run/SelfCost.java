package dev.wrss.agent.run;

import dev.wrss.mbeans.FootprintSnapshot;
import dev.wrss.mbeans.Region;
import dev.wrss.mbeans.SelfCostRow;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import javax.management.ObjectName;

/**
 * What the agent itself costs its host, by region, for the {@code SelfCost} attribute: estimated in the reader's
 * thread when someone reads it, at most once a minute (the code cache's part reads {@code Compiler.codelist},
 * about 100 bytes of text a compiled method), so that a JVM nobody asks pays nothing for it. Each row says how
 * it is estimated; all are lower bounds of what the host would not hold without the agent, as the JDK classes
 * and JDK methods only the agent used, and the eden pages its start-up garbage touched, are not counted.
 */
final class SelfCost {

    private static final long REFRESH_NANOS = 60_000_000_000L;
    private static final int SHT_SYMTAB = 2;
    private static final int SHT_STRTAB = 3;
    private static final int SHT_DYNSYM = 11;

    private List<SelfCostRow> rows = List.of();
    private long computedNanos;
    private long symbolTableBytes = -2; // -2 not read yet

    /**
     * @param ownClasses    classes of the agent's packages loaded (shaded dependencies included), -1 unknown
     * @param retainedBytes the heap the agent keeps between scans, -1 unknown
     * @param vmInfoAsked   whether the agent ran VM.info in this JVM
     */
    synchronized List<SelfCostRow> rows(
            int ownClasses, long retainedBytes, FootprintSnapshot latest, boolean vmInfoAsked) {
        long now = System.nanoTime();
        if (!rows.isEmpty() && now - computedNanos < REFRESH_NANOS) {
            return rows;
        }
        long[] perClass = metaspacePerClass();
        long scannerStack = -1;
        for (FootprintSnapshot.ThreadStack t : latest.threads()) {
            if ("wrss-scanner".equals(t.name())) {
                scannerStack = t.rssBytes();
            }
        }
        rows =
                List.of(
                        new SelfCostRow(
                                Region.JAVA_HEAP.id(),
                                retainedBytes,
                                "buffers and tables the agent keeps between scans (SelfRetainedBytes)"),
                        new SelfCostRow(
                                Region.METASPACE.id(),
                                times(ownClasses, perClass[0]),
                                "the agent's classes times this JVM's average non-class metaspace per class"),
                        new SelfCostRow(
                                Region.CLASS_SPACE.id(),
                                times(ownClasses, perClass[1]),
                                "the agent's classes times this JVM's average class space per class"),
                        new SelfCostRow(
                                Region.CODE_CACHE.id(),
                                compiledAgentBytes(),
                                "compiled code of the agent's methods (Compiler.codelist)"),
                        new SelfCostRow(
                                Region.THREAD_STACKS.id(),
                                scannerStack,
                                "resident stack of the wrss-scanner thread in the last scan; -1 if not among the top threads"),
                        new SelfCostRow(
                                Region.MALLOC.id(),
                                vmInfoAsked ? symbolTables() : 0,
                                vmInfoAsked
                                        ? "libjvm's symbol and string tables, which HotSpot read into malloc for VM.info"
                                        : "none: the agent did not run VM.info"));
        computedNanos = now;
        return rows;
    }

    private static long times(int count, long each) {
        return count < 0 || each < 0 ? -1 : count * each;
    }

    /** {non-class metaspace, class space} used per loaded class, bytes; -1 where unknown. */
    private static long[] metaspacePerClass() {
        long meta = -1;
        long klass = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getName().equals("Metaspace")) {
                meta = p.getUsage().getUsed();
            } else if (p.getName().equals("Compressed Class Space")) {
                klass = p.getUsage().getUsed();
            }
        }
        long classes = ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();
        if (meta < 0 || classes <= 0) {
            return new long[] {-1, -1};
        }
        return new long[] {
            (meta - klass) / classes, klass / classes
        }; // the Metaspace pool includes class space
    }

    /** Bytes of compiled code (nmethod begin to end) of methods in {@code dev.wrss.}; -1 if the list failed. */
    static long compiledAgentBytes() {
        try {
            String list =
                    (String)
                            ManagementFactory.getPlatformMBeanServer()
                                    .invoke(
                                            new ObjectName(
                                                    "com.sun.management:type=DiagnosticCommand"),
                                            "compilerCodelist",
                                            new Object[] {new String[0]},
                                            new String[] {String[].class.getName()});
            return agentCodeBytes(list);
        } catch (Exception | LinkageError e) {
            return -1;
        }
    }

    /** Sums {@code end - begin} of the lines {@code id level state dev.wrss.X.m()V [0xbegin, 0xinsts - 0xend]}. */
    static long agentCodeBytes(String codelist) {
        long sum = 0;
        for (int at = 0, next; at < codelist.length(); at = next + 1) {
            next = codelist.indexOf('\n', at);
            if (next < 0) {
                next = codelist.length();
            }
            int name = codelist.indexOf(" dev.wrss.", at);
            int open = codelist.indexOf('[', at);
            int close = codelist.indexOf(']', at);
            if (name < 0 || name > next || open < name || close < open || close > next) {
                continue;
            }
            int comma = codelist.indexOf(',', open);
            int dash = codelist.lastIndexOf("0x", close);
            if (comma < 0 || comma > close || dash < comma) {
                continue;
            }
            try {
                long begin = Long.parseUnsignedLong(codelist.substring(open + 3, comma).trim(), 16);
                long end = Long.parseUnsignedLong(codelist.substring(dash + 2, close).trim(), 16);
                sum += end > begin ? end - begin : 0;
            } catch (NumberFormatException e) {
                // a line of another shape: not counted
            }
        }
        return sum;
    }

    private long symbolTables() {
        if (symbolTableBytes == -2) {
            symbolTableBytes =
                    tableBytes(
                            Path.of(System.getProperty("java.home"), "lib", "server", "libjvm.so"));
        }
        return symbolTableBytes;
    }

    /** Sizes of the symbol and string table sections of a 64-bit little-endian ELF file; -1 if unreadable. */
    static long tableBytes(Path elf) {
        try (FileChannel ch = FileChannel.open(elf, StandardOpenOption.READ)) {
            ByteBuffer h = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
            if (ch.read(h, 0) < 64 || h.getInt(0) != 0x464c457f || h.get(4) != 2 || h.get(5) != 1) {
                return -1;
            }
            long shoff = h.getLong(0x28);
            int shentsize = h.getShort(0x3A) & 0xffff;
            int shnum = h.getShort(0x3C) & 0xffff;
            if (shentsize < 64 || shnum == 0 || shnum > 4096) {
                return -1;
            }
            ByteBuffer sh = ByteBuffer.allocate(shentsize * shnum).order(ByteOrder.LITTLE_ENDIAN);
            while (sh.hasRemaining() && ch.read(sh, shoff + sh.position()) > 0) {
                // read all section headers
            }
            long sum = 0;
            for (int i = 0; i < shnum; i++) {
                int type = sh.getInt(i * shentsize + 4);
                if (type == SHT_SYMTAB || type == SHT_STRTAB || type == SHT_DYNSYM) {
                    sum += sh.getLong(i * shentsize + 0x20);
                }
            }
            return sum;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
