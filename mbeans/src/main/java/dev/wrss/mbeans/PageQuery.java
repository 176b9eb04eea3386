package dev.wrss.mbeans;

import java.util.List;

/** The answer to a supermincore query: its pages, per-mapping summaries, and whether frames were visible. */
public record PageQuery(boolean privileged, List<PageRow> pages, List<PageSummaryRow> mappings) {}
