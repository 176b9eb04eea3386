package dev.wrss.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wrss.agent.cli.target.AttachSession;
import dev.wrss.agent.cli.target.ExitCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Parsing and usage errors, in-process: no target is touched before the command line is known to be good. */
class CommandLineParsingTest {

    record Run(int exitCode, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @ParameterizedTest
    @CsvSource({"500ms, 500", "2s, 2000", "1.5s, 1500", "1m, 60000", "100ms, 100"})
    void watchIntervalsAcceptUnits(String text, long millis) {
        assertEquals(millis, IntervalConverter.parseMillis(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"often", "50ms", "2h", "-1s", "", "NaN", "2"})
    void watchIntervalsOutOfRangeNotNumbersOrWithoutUnitAreRejected(String text) {
        assertThrows(
                CommandLine.TypeConversionException.class,
                () -> IntervalConverter.parseMillis(text));
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "500us, 500000", "5ms, 5000000", "2, 2000000", "1s, 1000000000"})
    void maxPauseAcceptsMicrosMillisAndSeconds(String text, long nanos) {
        assertEquals(nanos, new PauseConverter().convert(text));
    }

    @Test
    void usageErrorsAreOneLineWithExitCodeTwo() {
        for (String[] args :
                new String[][] {
                    {"report", "abc"},
                    {"report"},
                    {"nope"},
                    {},
                    {"report", "1", "--count", "3"},
                    {"attach", "1", "interval=soon"},
                    {"report", "1", "--watch", "0s"},
                    {"ps", "--wide"},
                    {"report", "1", "--max-pause", "soon"},
                    {"report", "1", "--max-pause", "11s"}
                }) {
            Run r = run(args);
            assertEquals(ExitCode.USAGE, r.exitCode(), String.join(" ", args) + ": " + r);
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().startsWith("wrss"), r.err());
            assertFalse(r.err().contains("\tat "), r.err());
        }
    }

    @Test
    void aPidWithNoProcessIsExitCodeThree() {
        Run r = run("report", Long.toString(Long.MAX_VALUE));
        assertEquals(ExitCode.NO_SUCH_PROCESS, r.exitCode(), r.toString());
        assertTrue(r.err().contains("wrss ps"), "says what to do: " + r.err());
    }

    @Test
    void helpAndVersionExitZero() {
        Run help = run("report", "--help");
        assertEquals(0, help.exitCode());
        assertTrue(
                help.out().contains("--watch=<interval>") && help.out().contains("--mappings"),
                help.out());
        Run version = run("--version");
        assertEquals(0, version.exitCode());
        assertTrue(version.out().startsWith("wrss "), version.out());
        assertTrue(run("--help").out().contains("Exit codes: 0 ok"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "org.example.Main --port 8080|org.example.Main",
                "/opt/app/lib/service.jar --x|service.jar",
                "''|?"
            })
    void theMainNameIsTheMainClassOrTheJarFileName(String javaCommand, String expected) {
        assertEquals(expected, AttachSession.mainName(javaCommand));
    }
}
