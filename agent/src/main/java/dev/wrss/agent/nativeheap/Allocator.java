package dev.wrss.agent.nativeheap;

/**
 * Which allocator serves malloc. A library interposes malloc when it is preloaded (LD_PRELOAD) or linked by the
 * executable; one a JNI library loads later serves only its callers. musl's loader is the C library itself.
 *
 * @param bits the allocator's bit in {@link HeapMaps}' set
 */
record Allocator(String name, String source, int bits) {

    static Allocator of(int mapped, int preloaded) {
        for (int k = 1; k < HeapMaps.NAMES.length - 1; k++) {
            int bit = 1 << k;
            if ((mapped & bit) != 0 && (preloaded & bit) != 0) {
                return new Allocator(
                        HeapMaps.NAMES[k],
                        "lib" + HeapMaps.NAMES[k] + " mapped, named in LD_PRELOAD",
                        bit);
            }
        }
        if ((mapped & HeapMaps.MUSL) != 0) {
            return new Allocator("musl", "ld-musl mapped: musl's libc", HeapMaps.MUSL);
        }
        if ((mapped & HeapMaps.GLIBC) != 0) {
            String also = "";
            for (int k = 1; k < HeapMaps.NAMES.length - 1; k++) {
                if ((mapped & (1 << k)) != 0) {
                    also +=
                            "; lib"
                                    + HeapMaps.NAMES[k]
                                    + " also mapped, not preloaded: it serves only its callers";
                }
            }
            return new Allocator("glibc", "glibc's libc mapped" + also, HeapMaps.GLIBC | mapped);
        }
        return new Allocator(
                "unknown", mapped == 0 && preloaded == 0 ? "" : "no C library recognised", 0);
    }
}
