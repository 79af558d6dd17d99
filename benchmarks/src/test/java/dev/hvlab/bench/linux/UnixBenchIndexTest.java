package dev.hvlab.bench.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The index and score against UnixBench 5.1's pgms/index.base (George, a SPARCstation 20-61):
 * index = result / baseline * 10, score = the geometric mean of the indices. The expected values
 * are worked out by hand from those baselines.
 */
class UnixBenchIndexTest {
    /** The baseline system's own results: every index 10. */
    private static Map<String, Double> george() {
        Map<String, Double> r = new LinkedHashMap<>();
        r.put("dhrystone", 116700.0);
        r.put("whetstone", 55.0);
        r.put("execl", 43.0);
        r.put("fcopy_1024_2000", 3960.0);
        r.put("fcopy_256_500", 1655.0);
        r.put("fcopy_4096_8000", 5800.0);
        r.put("pipe", 12440.0);
        r.put("context", 4000.0);
        r.put("spawn", 126.0);
        r.put("shell", 42.4);
        r.put("syscall", 15000.0);
        return r;
    }

    @Test
    void theBaselineSystemScoresTenEverywhere() {
        Map<String, Double> i = UnixBenchIndex.indices(george());
        assertEquals(12, i.size());
        i.forEach((k, v) -> assertEquals(10.0, v, 1e-9, k));
    }

    @Test
    void indicesAndTheGeometricMeanByHand() {
        Map<String, Double> r = george();
        r.put("dhrystone", 233400.0);   // 233400 / 116700 * 10 = 20
        r.put("whetstone", 27.5);       // 27.5 / 55 * 10 = 5
        r.put("pipe", 1244000.0);       // 1244000 / 12440 * 10 = 1000
        r.put("spawn", 12.6);           // 12.6 / 126 * 10 = 1
        Map<String, Double> i = UnixBenchIndex.indices(r);
        assertEquals(20.0, i.get("index_dhrystone"), 1e-9);
        assertEquals(5.0, i.get("index_whetstone"), 1e-9);
        assertEquals(1000.0, i.get("index_pipe"), 1e-9);
        assertEquals(1.0, i.get("index_spawn"), 1e-9);
        // 20 * 5 * 1000 * 1 * 10^7 = 10^12 over 11 tests: 10^(12/11)
        assertEquals(Math.pow(10, 12.0 / 11), i.get(UnixBenchIndex.SCORE), 1e-9);
    }

    @Test
    void aPartialRunHasIndicesButNoScore() {
        Map<String, Double> r = george();
        r.remove("shell");
        r.put("cyclictest_max", 12.0);
        Map<String, Double> i = UnixBenchIndex.indices(r);
        assertEquals(10, i.size());
        assertFalse(i.containsKey(UnixBenchIndex.SCORE));
        assertFalse(i.containsKey("index_cyclictest_max"));
    }

    @Test
    void theScoreIsUndefinedForNoOrNonPositiveIndices() {
        assertTrue(Double.isNaN(UnixBenchIndex.score(List.of())));
        assertTrue(Double.isNaN(UnixBenchIndex.score(List.of(10.0, 0.0))));
        assertEquals(20.0, UnixBenchIndex.score(List.of(10.0, 40.0)), 1e-12);
    }
}
