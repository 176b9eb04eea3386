package dev.wrss.agent.layout;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.management.MBeanOperationInfo;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class JmxFactsTest {

    @Test
    void jcmdNamesMapToTheOperationsTheDiagnosticCommandBeanOffers() throws Exception {
        Set<String> offered = new HashSet<>();
        for (MBeanOperationInfo op :
                ManagementFactory.getPlatformMBeanServer()
                        .getMBeanInfo(new ObjectName("com.sun.management:type=DiagnosticCommand"))
                        .getOperations()) {
            offered.add(op.getName());
        }
        for (String command :
                List.of(
                        "GC.heap_info",
                        "Compiler.codecache",
                        "VM.metaspace",
                        "VM.info",
                        "Thread.print",
                        "VM.system_properties",
                        "VM.flags")) {
            String operation = JmxFacts.operationName(command);
            assertTrue(
                    offered.contains(operation),
                    command + " -> " + operation + " not among " + offered);
        }
    }

    @Test
    void commandsAnswerTheirTextInProcess() {
        JvmFacts facts = JvmFacts.over(ManagementFactory.getPlatformMBeanServer());
        assertTrue(facts.inProcess());
        String vslist = facts.command("VM.metaspace", "vslist");
        assertNotNull(vslist, facts.problem());
        assertTrue(facts.vmOption("ThreadStackSize") > 0, facts.problem());
    }
}
