package dev.hvlab.bench.run;

import static dev.hvlab.bench.run.Records.higher;
import static dev.hvlab.bench.run.Records.lower;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class BaselineCheckTest {
    private static Summary summary(double hvc, double rate, double zero) {
        return Summary.of(List.of(Records.of("micro", "none", lower("hvc", hvc), higher("rate", rate), lower("zero", zero))));
    }

    private final Summary base = summary(100, 1000, 0);

    @Test
    void theSameResultsPass() {
        assertEquals(List.of(), BaselineCheck.regressions(base, summary(100, 1000, 0), 0));
    }

    @Test
    void withinTheToleranceOrBetterPasses() {
        assertEquals(List.of(), BaselineCheck.regressions(base, summary(105, 951, 0), 5));
        assertEquals(List.of(), BaselineCheck.regressions(base, summary(50, 2000, 0), 5));
    }

    @Test
    void eachRegressedMetricIsNamedInItsOwnDirection() {
        assertEquals(List.of(
                "micro/none/hvc: 100 -> 105.100 ns (+5.1%, lower is better, tolerance 5%)",
                "micro/none/rate: 1000 -> 949 loops/s (-5.1%, higher is better, tolerance 5%)",
                "micro/none/zero: 0 -> 125 ns (new, lower is better, tolerance 5%)"),
                BaselineCheck.regressions(base, summary(105.1, 949, 125), 5));
    }

    @Test
    void aMetricMissingFromTheRunIsARegression() {
        Summary current = Summary.of(List.of(Records.of("micro", "none", lower("hvc", 100), higher("rate", 1000))));
        assertEquals(List.of("micro/none/zero: missing from this run"), BaselineCheck.regressions(base, current, 5));
    }

    @Test
    void workloadsOrHypervisorsNotRunAreNotChecked() {
        Summary other = Summary.of(List.of(Records.of("other", "none", lower("x", 1))));
        assertEquals(List.of(), BaselineCheck.regressions(base, other, 5));
    }
}
