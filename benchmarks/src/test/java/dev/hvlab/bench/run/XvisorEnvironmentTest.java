package dev.hvlab.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.bench.linux.LinuxSuite;
import dev.hvlab.bench.linux.LinuxSuiteRunner;
import dev.hvlab.bench.linux.LinuxTest;
import dev.hvlab.core.spi.Providers;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Xvisor environment in the runner: a workload runs as its guest and the record carries its ledger. */
class XvisorEnvironmentTest {
    @Test
    void microbenchUnderXvisorRecordsTrapsAndLedger() {
        assertInstanceOf(Xvisor.class, Environments.of("xvisor"));
        RunRecord r = WorkloadRunner.run(new RunSpec("microbench", "xvisor", Providers.board("imx8qm"), "functional"));
        assertEquals("ok", r.status(), r.failure());
        assertEquals("xvisor", r.hypervisor());
        assertEquals(1, r.entryEl());
        assertTrue(r.trapsByPath().getOrDefault("mmio-gicv3-view-distributor", 0L) >= 10_000, r.trapsByPath().toString());
        assertTrue(r.trapsByPath().getOrDefault("hvc-psci", 0L) >= 10_000, r.trapsByPath().toString());
        assertTrue(r.costLedger().get("sgi").containsKey("MSR ICC_SGI1R_EL1"), r.costLedger().get("sgi").toString());
    }

    /** The Linux suite's environment: Debian as the guest on the i.MX 8QM, console on the emulated PL011. */
    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void linuxSubsetRunsAsTheGuestOnImx8qm() {
        Path guest = LinuxSuite.guestDirectory();
        Assumptions.assumeTrue(LinuxSuite.fetched(guest),
                "Debian guest not fetched (" + guest + "): run scripts/fetch-debian-guest.sh");
        List<LinuxTest> tests = LinuxSuite.select(LinuxSuite.Size.QUICK, List.of("pipe"));
        RunRecord r = LinuxSuiteRunner.run(LinuxSuiteRunner.Guest.of(guest, LinuxSuite.Size.QUICK, tests), "xvisor",
                Providers.board("imx8qm"), "functional");
        assertTrue(r.ok(), r.failure() + "\n" + r.console().substring(Math.max(0, r.console().length() - 3000)));
        assertTrue(r.trapsByPath().getOrDefault("mmio-pl011", 0L) > 0, r.trapsByPath().toString());
        assertEquals("6", r.info().get("cpus"));
    }
}
