package dev.wrss.mbeans;

/**
 * Memory of one region that the agent itself causes: what the JVM would not hold without it.
 *
 * @param region   the region id, e.g. metaspace
 * @param bytes    the estimate in bytes; -1 when it cannot be said
 * @param estimate how the number is estimated, in a few words
 */
public record SelfCostRow(String region, long bytes, String estimate) {}
