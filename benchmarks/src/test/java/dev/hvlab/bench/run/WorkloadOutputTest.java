package dev.hvlab.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadOutputTest {
    @Test
    void parsesEveryKindOfLineAndIgnoresOthers() {
        WorkloadOutput o = WorkloadOutput.parse("""
                hvlab-workload entry-el=2 cpu=0\r
                RESULT name=hvc unit=ns better=lower value=10.500\r
                RESULT name=rate unit=loops/s better=higher value=3493754.000
                HIST name=lat unit=ns width=125.000 counts=3,0,1
                SKIP name=hvc_cycles reason=HVC is UNDEFINED at EL1: no EL2
                INFO checksum=1234
                some hypervisor banner
                DONE
                """);
        assertEquals(List.of("hvc", "rate"), List.copyOf(o.metrics().keySet()));
        assertEquals(new Metric("hvc", "ns", "lower", 10.5), o.metrics().get("hvc"));
        assertFalse(o.metrics().get("rate").lowerIsBetter());
        assertEquals(new Histogram("lat", "ns", 125.0, List.of(3L, 0L, 1L)), o.histograms().get("lat"));
        assertEquals(4, o.histograms().get("lat").total());
        assertEquals("HVC is UNDEFINED at EL1: no EL2", o.skipped().get("hvc_cycles"));
        assertEquals("1234", o.info().get("checksum"));
        assertTrue(o.done());
        assertNull(o.failure());
    }

    @Test
    void aMalformedResultIsAFailureNotAGuess() {
        assertTrue(WorkloadOutput.parse("RESULT name=x unit=ns value=1\nDONE\n").failure().contains("no better="));
        assertTrue(WorkloadOutput.parse("RESULT name=x unit=ns better=lower value=abc\n").failure().startsWith("malformed"));
        assertTrue(WorkloadOutput.parse("RESULT name=x unit=ns better=less value=1\n").failure().contains("lower or higher"));
        assertTrue(WorkloadOutput.parse("RESULT name=x unit=ns better=lower value=1\nRESULT name=x unit=ns better=lower value=2\n")
                .failure().contains("reported twice"));
    }

    @Test
    void theFirstFailLineIsTheFailure() {
        WorkloadOutput o = WorkloadOutput.parse("FAIL no latency samples\nFAIL later\nDONE\n");
        assertEquals("no latency samples", o.failure());
        assertTrue(o.done());
    }
}
