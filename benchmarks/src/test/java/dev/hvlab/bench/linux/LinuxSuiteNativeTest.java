package dev.hvlab.bench.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.bench.run.RunRecord;
import dev.hvlab.core.spi.Providers;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Linux suite end to end, natively on the i.MX 8QM: the quick suite completes with every
 * metric, index and histogram; and a subset run twice gives identical records (simulated time,
 * instructions, metrics, the guest's whole console). Needs the Debian guest of
 * scripts/fetch-debian-guest.sh and skips visibly without it. About 15 s of host time per boot.
 */
class LinuxSuiteNativeTest {
    private final Path guest = LinuxSuite.guestDirectory();

    @BeforeEach
    void needsTheGuest() {
        Assumptions.assumeTrue(LinuxSuite.fetched(guest),
                "Debian guest not fetched (" + guest + "): run scripts/fetch-debian-guest.sh");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void quickSuiteRunsEveryTestNatively() {
        List<LinuxTest> tests = LinuxSuite.tests(LinuxSuite.Size.QUICK);
        RunRecord r = LinuxSuiteRunner.run(LinuxSuiteRunner.Guest.of(guest, LinuxSuite.Size.QUICK, tests), "none",
                Providers.board("imx8qm"), "functional");
        System.out.printf("LinuxSuiteNativeTest quick: %.3f s simulated, %d instructions, %.1f s host%n",
                r.simulatedPs() / 1e12, r.instructions(), r.host().nanos() / 1e9);
        assertTrue(r.ok(), r.failure() + "\n" + r.console().substring(Math.max(0, r.console().length() - 3000)));
        for (UnixBenchIndex.Baseline b : UnixBenchIndex.BASELINES) {
            assertTrue(r.metrics().get(b.metric()).value() > 0, b.metric());
            assertTrue(r.metrics().containsKey(UnixBenchIndex.indexMetric(b.metric())), b.metric());
        }
        assertTrue(r.metrics().get(UnixBenchIndex.SCORE).value() > 0);
        assertEquals(500, r.histograms().get("cyclictest").total());
        // cyclictest -t20 -l100: about 20 x 100 samples (its last thread may stop one short)
        assertTrue(r.histograms().get("cyclictest_t20").total() >= 1980);
        assertTrue(r.metrics().get("hackbench").value() > 0);
        assertEquals(100, r.histograms().get("ipi_wake").total());
        assertEquals(100, r.histograms().get("tcp_rtt").total());
        assertEquals("6", r.info().get("cpus"));
        assertTrue(r.console().contains("BEGIN dhrystone"), "the run keeps the guest's own output");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void aSubsetIsDeterministic() {
        List<LinuxTest> tests = LinuxSuite.select(LinuxSuite.Size.QUICK, List.of("pipe", "cyclictest", "ipi"));
        LinuxSuiteRunner.Guest g = LinuxSuiteRunner.Guest.of(guest, LinuxSuite.Size.QUICK, tests);
        RunRecord a = LinuxSuiteRunner.run(g, "none", Providers.board("imx8qm"), "functional");
        RunRecord b = LinuxSuiteRunner.run(g, "none", Providers.board("imx8qm"), "functional");
        assertTrue(a.ok(), a.failure());
        assertEquals(a.withoutHost(), b.withoutHost());
    }
}
