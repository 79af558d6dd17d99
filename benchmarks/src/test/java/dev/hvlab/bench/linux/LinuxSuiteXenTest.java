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
 * Debian's kernel as Xen's dom0 on the i.MX 8QM: it boots with one vCPU per pCPU ({@code nproc}
 * = 6), runs a subset of the quick suite that exercises cross-vCPU IPIs (emulated ICC_SGI1R),
 * the virtual timer (cyclictest) and the passed-through LPUART's SPI, and the run goes through
 * the model's trap paths. Needs the Debian guest of scripts/fetch-debian-guest.sh and skips
 * visibly without it. About 30 s of host time.
 */
class LinuxSuiteXenTest {
    private final Path guest = LinuxSuite.guestDirectory();

    @BeforeEach
    void needsTheGuest() {
        Assumptions.assumeTrue(LinuxSuite.fetched(guest),
                "Debian guest not fetched (" + guest + "): run scripts/fetch-debian-guest.sh");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void dom0BootsWithEveryVcpuAndRunsASubset() {
        List<LinuxTest> tests = LinuxSuite.select(LinuxSuite.Size.QUICK, List.of("pipe", "cyclictest", "ipi"));
        RunRecord r = LinuxSuiteRunner.run(LinuxSuiteRunner.Guest.of(guest, LinuxSuite.Size.QUICK, tests), "xen",
                Providers.board("imx8qm"), "functional");
        System.out.printf("LinuxSuiteXenTest: %.3f s simulated, %d instructions, %.1f s host%n",
                r.simulatedPs() / 1e12, r.instructions(), r.host().nanos() / 1e9);
        assertTrue(r.ok(), r.failure() + "\n" + r.console().substring(Math.max(0, r.console().length() - 3000)));
        assertEquals("6", r.info().get("cpus"));
        assertEquals(500, r.histograms().get("cyclictest").total());
        assertEquals(100, r.histograms().get("ipi_wake").total());
        assertTrue(r.metrics().get("pipe").value() > 0);
        for (String path : List.of("gicd-access", "gicr-access", "sgi", "smccc", "irq-injection")) {
            assertTrue(r.trapsByPath().getOrDefault(path, 0L) > 0, path + " in " + r.trapsByPath());
        }
    }
}
