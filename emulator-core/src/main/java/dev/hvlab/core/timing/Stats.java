package dev.hvlab.core.timing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Statistics entries in the shape of gem5's JSON statistics: each named counter is an object with
 * its value, its unit and a one-line description; groups nest as objects.
 */
public final class Stats {
    private Stats() {
    }

    public static void put(Map<String, Object> into, String name, Object value, String unit, String description) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("value", value);
        e.put("unit", unit);
        e.put("description", description);
        into.put(name, e);
    }

    /** A cache's or TLB's configuration and counters. */
    static Map<String, Object> cache(SetAssociativeCache c, String what) {
        Map<String, Object> m = new LinkedHashMap<>();
        long accesses = c.hits + c.misses;
        put(m, "size", c.sizeBytes(), "Byte", what + ": capacity (TLBs: entries x 4 KiB)");
        put(m, "assoc", c.ways(), "Count", what + ": ways");
        put(m, "overallHits", c.hits, "Count", what + ": hits");
        put(m, "overallMisses", c.misses, "Count", what + ": misses");
        put(m, "overallAccesses", accesses, "Count", what + ": accesses");
        put(m, "overallMissRate", accesses == 0 ? 0.0 : (double) c.misses / accesses, "Ratio", what + ": misses per access");
        return m;
    }
}
