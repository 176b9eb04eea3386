package dev.wrss.agent.pages;

import dev.wrss.agent.proc.LiveMaps;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Child-JVM main: maps a 16 MiB file in the directory given, touches every page, queries its own mapping
 * and prints one {@code result} line of counts for the test to check.
 */
public final class PagesProbe {

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0], "probe-" + ProcessHandle.current().pid() + ".bin");
        int bytes = 16 << 20;
        try (FileChannel ch =
                FileChannel.open(
                        file,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.READ,
                        StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(bytes), 0);
            MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_WRITE, 0, bytes);
            for (int i = 0; i < bytes; i += 4096) {
                m.put(i, (byte) 1);
            }
            long pid = ProcessHandle.current().pid();
            long[] range = LiveMaps.find(pid, file);
            QueryResult r =
                    new Supermincore(Path.of("/proc"), Path.of("/sys"))
                            .query(pid, range[0], range[1]);
            int present = 0;
            int pfnNonZero = 0;
            int countZero = 0;
            int countOne = 0;
            int countOther = 0;
            int indexMismatch = 0;
            for (int i = 0; i < r.size(); i++) {
                present += (r.flags(i) & PageInfo.PRESENT) != 0 ? 1 : 0;
                pfnNonZero += r.pfn(i) != 0 ? 1 : 0;
                int c = r.count(i);
                if (c == 0) {
                    countZero++;
                } else if (c == 1) {
                    countOne++;
                } else {
                    countOther++;
                }
                indexMismatch += r.index(i) != i ? 1 : 0;
            }
            System.out.println(
                    "result user="
                            + System.getProperty("user.name")
                            + " privileged="
                            + r.privileged()
                            + " pages="
                            + r.size()
                            + " present="
                            + present
                            + " pfnNonZero="
                            + pfnNonZero
                            + " countZero="
                            + countZero
                            + " countOne="
                            + countOne
                            + " countOther="
                            + countOther
                            + " indexMismatch="
                            + indexMismatch
                            + " node0="
                            + r.mappingAt(range[0]).presentPagesOnNode(0));
        } finally {
            // not DELETE_ON_CLOSE: the JDK unlinks such a file at once, and maps would say
            // "(deleted)"
            java.nio.file.Files.deleteIfExists(file);
        }
    }
}
