package dev.wrss.mbeans;

import java.util.function.Supplier;
import javax.management.openmbean.OpenMBeanOperationInfoSupport;
import javax.management.openmbean.OpenMBeanParameterInfo;
import javax.management.openmbean.OpenType;

/**
 * One operation of an MBean, without parameters: its name, what it does, what it returns, and the action.
 * Unlike attributes, operations may scan.
 *
 * @param impact one of {@link javax.management.MBeanOperationInfo#INFO}, {@code ACTION}, {@code ACTION_INFO}
 */
record SnapshotOperation(String name, String description, OpenType<?> returnType, int impact,
                         Supplier<Object> action) {

    OpenMBeanOperationInfoSupport info() {
        return new OpenMBeanOperationInfoSupport(name, description, new OpenMBeanParameterInfo[0], returnType,
                impact);
    }
}
