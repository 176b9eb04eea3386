package dev.wrss.bench;

import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Param;

/** {@link ScanBench} in a JVM with a 256 MiB heap, shaped by parameter. */
@Fork(
        value = 1,
        jvmArgs = {"-Xms256m", "-Xmx256m"})
public class ScanBenchmark extends ScanBench {

    @Param({"small", "threads2000", "files10000"})
    public String shape;

    @Override
    String shape() {
        return shape;
    }
}
