package dev.wrss.mbeans;

import javax.management.MBeanServerConnection;

/** The contract checks against the MBeanServer itself, no connector in between. */
class LocalContractTest extends ContractReadChecks {

    @Override
    MBeanServerConnection connection() {
        return server;
    }

    @Override
    int minimumReads() {
        return 5_000;
    }
}
