package dev.wrss.agent.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wrss.agent.AgentOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The history, threshold and report options, with their comma-separated values, as the agent argument holds them. */
class HistoryOptionsTest {

    @Test
    void listsInsideTheArgumentAreAcceptedWhole() {
        AgentOptions o =
                AgentOptions.parse(
                        "interval=1s,history=1h@10s,24h@1m,threshold.malloc=512m,"
                                + "threshold.total=80%,reportDir=/tmp/x,reportAt=75%,90%,log=off");
        assertEquals(List.of(), o.problems());
        assertEquals(1000, o.intervalMillis());
        assertEquals("off", o.log());
    }

    @Test
    void malformedOnesAreNamed() {
        AgentOptions o =
                AgentOptions.parse(
                        "history=1h,threshold.heap=1g,threshold.malloc=80%,reportAt=150%");
        assertEquals(4, o.problems().size(), o.problems().toString());
        assertTrue(o.problems().get(0).contains("history"), o.problems().toString());
    }
}
