package dev.wrss.agent.layout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The test's own, independent reading of /proc/PID/maps: {start, end} per line. */
final class MapsFile {

    private MapsFile() {}

    static List<long[]> read(Path file) throws IOException {
        List<long[]> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String range = line.substring(0, line.indexOf(' '));
            int dash = range.indexOf('-');
            out.add(
                    new long[] {
                        Long.parseUnsignedLong(range.substring(0, dash), 16),
                        Long.parseUnsignedLong(range.substring(dash + 1), 16)
                    });
        }
        return out;
    }
}
