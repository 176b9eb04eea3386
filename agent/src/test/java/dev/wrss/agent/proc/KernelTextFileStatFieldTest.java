package dev.wrss.agent.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@link KernelTextFile#statField}: fields numbered as proc(5) numbers them, against this JVM's own stat line. */
class KernelTextFileStatFieldTest {

    private static long field(String line, int index) {
        byte[] b = line.getBytes(StandardCharsets.ISO_8859_1);
        return KernelTextFile.statField(b, b.length, index);
    }

    @Test
    void fieldsAreNumberedAsInProc5() {
        String line =
                "437 (java) S 410 411 9772 0 -1 4194304 545 0 0 0 31 7 0 0 20 0 23 0 5173 0 0\n";
        assertEquals(410, field(line, 4), "ppid");
        assertEquals(411, field(line, 5), "pgrp");
        assertEquals(31, field(line, 14), "utime");
        assertEquals(7, field(line, 15), "stime");
        assertEquals(23, field(line, 20), "num_threads");
        assertEquals(0, field(line, 24), "the last field, with the newline after it");
    }

    @Test
    void aCommWithSpacesAndParenthesesDoesNotShiftTheFields() {
        assertEquals(
                31,
                field(
                        "12 (a) b) (c d) R 1 12 12 0 -1 4194304 5 0 0 0 31 7 0 0 20 0 7 0 99 0 0\n",
                        14));
    }

    @Test
    void aMissingOrNonNumericFieldIsUnknown() {
        String line = "437 (java) S 410 411 9772";
        assertEquals(KernelTextFile.UNKNOWN, field(line, 14), "beyond the end");
        assertEquals(KernelTextFile.UNKNOWN, field(line, 3), "the state is a letter");
        assertEquals(
                KernelTextFile.UNKNOWN,
                field("437 (java) S 410 411 9772 0 -1 4194304\n", 8),
                "tpgid -1: negative");
        assertEquals(KernelTextFile.UNKNOWN, field("no parenthesis at all", 4));
    }

    @Test
    void readsThisJvmsParentFromItsOwnStatFile() {
        try (KernelTextFile stat = new KernelTextFile(Path.of("/proc/self/stat"), 512)) {
            int n = stat.read();
            long parent = ProcessHandle.current().parent().orElseThrow().pid();
            assertEquals(parent, KernelTextFile.statField(stat.bytes(), n, 4));
        }
    }
}
