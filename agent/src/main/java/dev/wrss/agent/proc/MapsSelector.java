package dev.wrss.agent.proc;

/** Decides what a {@link MapsReader} keeps of each mapping; must not allocate (it runs once per line). */
@FunctionalInterface
public interface MapsSelector {

    /** Not kept. */
    int SKIP = -1;

    /** Not kept among the entries, only its range in {@link MapsReader#setApart()}: no rule that walks them sees it. */
    int SET_APART = -2;

    /** Keeps every mapping. */
    MapsSelector ALL = m -> 0;

    /** The marks (multiples of {@link MapsReader#FIRST_MARK}, or 0) to keep {@code m} with, or SKIP, or SET_APART. */
    int select(Mapping m);
}
