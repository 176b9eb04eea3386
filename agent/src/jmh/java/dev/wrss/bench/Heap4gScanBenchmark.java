package dev.wrss.bench;

import org.openjdk.jmh.annotations.Fork;

/** {@link ScanBench} in a JVM with a 4 GiB heap, every page of it touched at start. */
@Fork(
        value = 1,
        jvmArgs = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch"})
public class Heap4gScanBenchmark extends ScanBench {

    @Override
    String shape() {
        return "heap4g";
    }
}
