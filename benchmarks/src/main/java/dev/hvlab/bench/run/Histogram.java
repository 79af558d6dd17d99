package dev.hvlab.bench.run;

import java.util.List;

/**
 * A latency histogram ({@code HIST name=... unit=... width=... counts=...}): bucket i holds the
 * samples in [i * width, (i + 1) * width), the last one every sample above.
 */
public record Histogram(String name, String unit, double width, List<Long> counts) {
    public long total() {
        return counts.stream().mapToLong(Long::longValue).sum();
    }
}
