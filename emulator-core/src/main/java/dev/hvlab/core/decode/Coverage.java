package dev.hvlab.core.decode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts which patterns of the encoding table a set of instruction words exercises: the coverage
 * report of the differential tests and of real-code corpora. Patterns never hit are listed, so a
 * gap in testing is visible per ARM ARM encoding group.
 */
public final class Coverage {
    private final Decoder decoder;
    private final Map<String, Long> hits = new LinkedHashMap<>();
    private long unallocated;
    private long total;

    public Coverage(Decoder decoder) {
        this.decoder = decoder;
        for (Pattern p : decoder.table().patterns()) {
            hits.put(p.name(), 0L);
        }
    }

    public void add(int word) {
        total++;
        Pattern p = decoder.match(word);
        if (p == null) {
            unallocated++;
        } else {
            hits.merge(p.name(), 1L, Long::sum);
        }
    }

    public long hits(String pattern) {
        return hits.getOrDefault(pattern, 0L);
    }

    public long total() {
        return total;
    }

    public long unallocated() {
        return unallocated;
    }

    /** A plain-text report: per encoding class, patterns hit out of patterns, then the patterns never hit. */
    public String report() {
        Map<String, int[]> byClass = new TreeMap<>();
        StringBuilder missing = new StringBuilder();
        for (Pattern p : decoder.table().patterns()) {
            int[] c = byClass.computeIfAbsent(p.encodingClass(), k -> new int[2]);
            c[1]++;
            if (hits.get(p.name()) > 0) {
                c[0]++;
            } else {
                missing.append(' ').append(p.name());
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format("instructions: %d (unallocated %d)%n", total, unallocated));
        for (Map.Entry<String, int[]> e : byClass.entrySet()) {
            out.append(String.format("  %-12s %4d of %4d patterns%n", e.getKey(), e.getValue()[0], e.getValue()[1]));
        }
        if (missing.length() > 0) {
            out.append("never hit:").append(missing).append(System.lineSeparator());
        }
        return out.toString();
    }
}
