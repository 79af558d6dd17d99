package dev.hvlab.bench.run;

import static dev.hvlab.bench.run.Records.higher;
import static dev.hvlab.bench.run.Records.lower;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTest {
    private final List<RunRecord> runs = List.of(
            Records.of("micro", "xen", lower("hvc", 30), higher("rate", 50)),
            Records.of("micro", "none", lower("hvc", 10), higher("rate", 100), lower("zero", 0)),
            Records.of("micro", "xen2", lower("hvc", 5), higher("rate", 200), lower("zero", 1)));

    @Test
    void nativeComesFirstAndOverheadFollowsEachMetricsDirection() {
        Summary s = Summary.of(runs);
        assertEquals(List.of("none", "xen", "xen2"), s.hypervisors());
        Summary.Row hvc = s.rows().get(0);
        assertEquals("hvc", hvc.metric());
        assertEquals(200.0, hvc.overheadPercent().get("xen"), 1e-9);   // 30 / 10 - 1
        assertEquals(-50.0, hvc.overheadPercent().get("xen2"), 1e-9);
        Summary.Row rate = s.rows().get(1);
        assertEquals(100.0, rate.overheadPercent().get("xen"), 1e-9);  // half the rate: twice the time
        assertEquals(-50.0, rate.overheadPercent().get("xen2"), 1e-9);
        Summary.Row zero = s.rows().get(2);
        assertFalse(zero.overheadPercent().containsKey("xen2"), "no percentage over a native 0");
        assertFalse(zero.values().containsKey("xen"), "a metric a run did not report has no value");
    }

    @Test
    void tablesHaveAValueAndAnOverheadColumnPerHypervisor() {
        Summary s = Summary.of(runs);
        String md = Tables.markdown(s);
        assertTrue(md.contains("| workload | metric | unit | better | none | xen | xen2 | xen overhead | xen2 overhead |"), md);
        assertTrue(md.contains("| micro | hvc | ns | lower | 10.000 | 30.000 | 5.000 | +200.0% | -50.0% |"), md);
        assertTrue(md.contains("| micro | zero | ns | lower | 0.000 | - | 1.000 | - | - |"), md);
        String csv = Tables.csv(s);
        assertEquals("workload,metric,unit,better,value_none,value_xen,value_xen2,overhead_percent_xen,overhead_percent_xen2",
                csv.lines().findFirst().orElseThrow());
        assertTrue(csv.contains("\nmicro,rate,loops/s,higher,100.000,50.000,200.000,100.000,-50.000\n"), csv);
    }

    @Test
    void withoutNativeThereIsNoOverhead() {
        Summary s = Summary.of(List.of(runs.get(0)));
        assertTrue(s.rows().get(0).overheadPercent().isEmpty());
        assertFalse(Tables.markdown(s).contains("overhead |"));
    }
}
