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
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Under every hypervisor environment, the same Linux run twice gives identical records: simulated
 * time, instructions, every metric and histogram, the trap counts and cost ledger, and the
 * guest's whole console ({@link LinuxSuiteNativeTest} checks the bare board). A subset with an
 * interrupt-driven latency test (ipi: cross-CPU wake-ups through the hypervisor's interrupt path)
 * and a system-call-heavy one (pipe). Needs the Debian guest of scripts/fetch-debian-guest.sh.
 */
class LinuxSuiteDeterminismTest {
    private final Path guest = LinuxSuite.guestDirectory();

    @BeforeEach
    void needsTheGuest() {
        Assumptions.assumeTrue(LinuxSuite.fetched(guest),
                "Debian guest not fetched (" + guest + "): run scripts/fetch-debian-guest.sh");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jailhouse", "xen", "xen-domu", "kvm", "xvisor"})
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void aRerunGivesTheSameRecord(String environment) {
        List<LinuxTest> tests = LinuxSuite.select(LinuxSuite.Size.QUICK, List.of("pipe", "ipi"));
        LinuxSuiteRunner.Guest g = LinuxSuiteRunner.Guest.of(guest, LinuxSuite.Size.QUICK, tests);
        RunRecord a = LinuxSuiteRunner.run(g, environment, Providers.board("imx8qm"), "functional");
        RunRecord b = LinuxSuiteRunner.run(g, environment, Providers.board("imx8qm"), "functional");
        assertTrue(a.ok(), environment + ": " + a.failure());
        assertTrue(!a.trapsByPath().isEmpty(), environment + ": the hypervisor took exits");
        assertEquals(a.withoutHost(), b.withoutHost(), environment);
    }
}
