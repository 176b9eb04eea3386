package dev.wrss.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AgentLogTest {

    @Test
    void aStreamThatThrowsLosesTheLineNotTheCaller() {
        PrintStream err = System.err;
        PrintStream out = System.out;
        PrintStream hostile =
                new PrintStream(
                        new OutputStream() {
                            @Override
                            public void write(int b) {
                                throw new IllegalStateException("refused");
                            }
                        },
                        true);
        try {
            System.setErr(hostile);
            System.setOut(hostile);
            for (String destination : new String[] {"stderr", "stdout"}) {
                AgentLog log = new AgentLog("debug", destination);
                log.info("a line");
                log.debug("a line");
                log.problem("key", "a problem");
                log.ready();
            }
        } finally {
            System.setErr(err);
            System.setOut(out);
        }
    }

    /** By default, with no log manager named, lines wait for the gate, the newest 16 of them, then go to stderr. */
    @Test
    void linesBeforeTheGateOpensAreKeptBoundedAndWrittenAtIt() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream err = System.err;
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            AgentLog log = new AgentLog("info", "default");
            for (int i = 0; i < 20; i++) {
                log.info("line " + i);
            }
            assertEquals("", captured.toString(StandardCharsets.UTF_8));
            log.ready();
            log.info("after");
        } finally {
            System.setErr(err);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        assertEquals(AgentLog.EARLY_LINES + 1, text.lines().count(), text);
        assertTrue(text.startsWith("[wrss] line 4\n") && text.endsWith("[wrss] after\n"), text);
    }
}
