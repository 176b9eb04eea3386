package dev.wrss.agent.cli.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.util.Base64;
import java.util.HashMap;
import org.junit.jupiter.api.Test;

/** The JMX address a target gives: only a loopback stub is accepted; the rest is refused without a lookup. */
class JmxEndpointTest {

    @Test
    void anythingButAStubAddressOnLoopbackIsRefused() throws Exception {
        assertRefused("service:jmx:rmi:///jndi/ldap://127.0.0.1:389/x", "not a stub address");
        assertRefused("service:jmx:rmi:///jndi/rmi://127.0.0.1:1099/jmxrmi", "not a stub address");
        assertRefused("service:jmx:iiop://127.0.0.1/ior/IOR:000", "not an RMI address");
        assertRefused("service:jmx:rmi://example.com/stub/rO0AB", "names host 'example.com'");
        assertRefused("service:jmx:rmi://10.0.0.1/stub/rO0AB", "names host '10.0.0.1'");
        assertRefused("service:jmx:rmi:///stub/%%%", "not base64");
        assertRefused(null, "no address");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new HashMap<>());
        }
        assertRefused(
                "service:jmx:rmi:///stub/"
                        + Base64.getEncoder().encodeToString(bytes.toByteArray()),
                "its stub was rejected");
    }

    @Test
    void theStubsEndpointIsReadFromItsReference() {
        assertEquals(
                "127.0.0.1",
                JmxEndpoint.endpointHost(
                        "UnicastRef2 [liveRef: [endpoint:[127.0.0.1:40213](remote),objID:[-1f:1:0, 42]]]"));
        assertEquals(
                "::1",
                JmxEndpoint.endpointHost(
                        "UnicastRef [liveRef: [endpoint:[::1:40213](remote),objID:[]]]"));
        assertNull(
                JmxEndpoint.endpointHost(
                        "UnicastRef2 [liveRef: [endpoint:[127.0.0.1:40213,my.Factory@1](remote)]]"),
                "a client socket factory of the target's choosing");
        assertNull(JmxEndpoint.endpointHost("no endpoint here"));
    }

    @Test
    void onlyLoopbackLiteralsAreLoopback() {
        for (String yes :
                new String[] {"127.0.0.1", "127.1.2.3", "::1", "[::1]", "0:0:0:0:0:0:0:1"}) {
            assertTrue(LoopbackRmi.isLoopbackLiteral(yes), yes);
        }
        for (String no :
                new String[] {
                    "localhost", "10.255.255.1", "0.0.0.0", "::", "example.com", "", "1.2.3"
                }) {
            assertEquals(false, LoopbackRmi.isLoopbackLiteral(no), no);
        }
    }

    private static void assertRefused(String url, String why) {
        CommandFailure f = assertThrows(CommandFailure.class, () -> JmxEndpoint.of(url, 42));
        assertEquals(ExitCode.UNTRUSTED, f.exitCode());
        assertTrue(f.getMessage().contains(why), f.getMessage());
    }
}
