package dev.wrss.mbeans;

import java.util.function.Function;
import java.util.function.Supplier;
import javax.management.openmbean.OpenMBeanOperationInfoSupport;
import javax.management.openmbean.OpenMBeanParameterInfo;
import javax.management.openmbean.OpenType;

/**
 * One operation of an MBean: its name, what it does, what it returns, its parameters, and the action.
 * Unlike attributes, operations may scan.
 *
 * @param impact one of {@link javax.management.MBeanOperationInfo#INFO}, {@code ACTION}, {@code ACTION_INFO}
 */
record SnapshotOperation(
        String name,
        String description,
        OpenType<?> returnType,
        int impact,
        Function<Object[], Object> action,
        OpenMBeanParameterInfo[] parameters) {

    /** An operation without parameters. */
    SnapshotOperation(
            String name,
            String description,
            OpenType<?> returnType,
            int impact,
            Supplier<Object> action) {
        this(
                name,
                description,
                returnType,
                impact,
                args -> action.get(),
                new OpenMBeanParameterInfo[0]);
    }

    OpenMBeanOperationInfoSupport info() {
        return new OpenMBeanOperationInfoSupport(name, description, parameters, returnType, impact);
    }
}
