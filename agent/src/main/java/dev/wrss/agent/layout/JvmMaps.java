package dev.wrss.agent.layout;

import dev.wrss.agent.proc.Mapping;
import dev.wrss.agent.proc.MapsReader;
import dev.wrss.agent.proc.MapsSelector;
import java.nio.charset.StandardCharsets;

/**
 * What the layout keeps of /proc/PID/maps ({@link MapsReader}): anonymous mappings, the ZGC heap's memfd and
 * the main stack, marked; CDS archive files ({@code .jsa}) set apart, as ranges only. No reader looks at other
 * file or pseudo mappings, and adjacency is checked by address: keeping them would only cost 20 bytes each
 * (tens of thousands in a process that maps many files).
 */
final class JvmMaps {

    static final int JAVA_HEAP_MEMFD = MapsReader.FIRST_MARK;
    static final int MAIN_STACK = MapsReader.FIRST_MARK << 1;

    private static final byte[] MEMFD_JAVA_HEAP =
            "/memfd:java_heap".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STACK = "[stack]".getBytes(StandardCharsets.US_ASCII);

    private JvmMaps() {}

    /** A reader for the layout: read rarely, so the parser's smallest buffer, kept for the agent's life. */
    static MapsReader newReader() {
        return new MapsReader(0, JvmMaps::select, false, 512);
    }

    private static int select(Mapping m) {
        if (m.anonymous()) {
            return 0;
        } else if (m.pathStartsWith(MEMFD_JAVA_HEAP)) {
            return JAVA_HEAP_MEMFD;
        } else if (m.pathStartsWith(STACK)) {
            return MAIN_STACK;
        } else if (endsWithJsa(m)) {
            return MapsSelector.SET_APART;
        }
        return MapsSelector.SKIP;
    }

    private static boolean endsWithJsa(Mapping m) {
        int n = m.pathLength();
        return n > 4
                && m.pathByte(n - 4) == '.'
                && m.pathByte(n - 3) == 'j'
                && m.pathByte(n - 2) == 's'
                && m.pathByte(n - 1) == 'a';
    }
}
