package dev.hvlab.bench.run;

/**
 * One number a workload reported ({@code RESULT name=... unit=... better=... value=...}).
 *
 * @param unit   ns, cycles, loops/s ...
 * @param better "lower" or "higher": which direction is an improvement
 */
public record Metric(String name, String unit, String better, double value) {
    public boolean lowerIsBetter() {
        return !"higher".equals(better);
    }
}
