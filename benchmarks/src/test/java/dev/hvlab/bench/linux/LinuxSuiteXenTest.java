package dev.hvlab.bench.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hvlab.bench.run.RunRecord;
import dev.hvlab.bench.run.Xen;
import dev.hvlab.board.imx8qm.Board;
import dev.hvlab.board.imx8qm.BoardOptions;
import dev.hvlab.board.imx8qm.Boot;
import dev.hvlab.board.imx8qm.linux.Initramfs;
import dev.hvlab.core.machine.RunResult;
import dev.hvlab.core.spi.Providers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Debian's kernel as Xen's dom0 on the i.MX 8QM: it boots with one vCPU per pCPU Xen uses (by
 * default Xen parks the A72s, whose MIDR is not the boot A53's: {@code nproc} = 4), runs a subset of the quick suite that exercises cross-vCPU IPIs (emulated ICC_SGI1R),
 * the virtual timer (cyclictest), WFE spin waits trapped and yielded (cyclictest_t20's 20
 * threads) and the passed-through LPUART's SPI, and the run goes through the model's trap paths.
 * Needs the Debian guest of scripts/fetch-debian-guest.sh and skips visibly without it. About
 * 40 s of host time for both tests.
 */
class LinuxSuiteXenTest {
    private final Path guest = LinuxSuite.guestDirectory();

    @BeforeEach
    void needsTheGuest() {
        Assumptions.assumeTrue(LinuxSuite.fetched(guest),
                "Debian guest not fetched (" + guest + "): run scripts/fetch-debian-guest.sh");
    }

    /** dmesg lines real hardware would not print (as LinuxBootTest checks natively). */
    private static final Pattern BAD_DMESG = Pattern.compile(
            "(?i)WARNING|\\bBUG\\b|unsupported|unknown|Call trace|Oops|Tainted:|Internal error|undefined instruction");

    /**
     * nproc sees one vCPU per A53 (the A72s are parked), dmesg is clean, and dom0's {@code poweroff -f} (PSCI SYSTEM_OFF)
     * powers the machine off with status 0, as real Xen does for the hardware domain.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void dom0SeesEveryVcpuAndItsPowerOffEndsTheRun() throws IOException {
        byte[] initramfs = Initramfs.build(guest.resolve("root"),
                List.of("echo nproc=$(nproc)", "echo '--- dmesg ---'", "dmesg", "echo '--- end of dmesg ---'"));
        ByteArrayOutputStream serial = new ByteArrayOutputStream();
        Board board = Board.build(Providers.board("imx8qm"), BoardOptions.of(serial));
        board.machine().setMaxTimePs(5_000_000_000_000L);
        new Xen().bootLinux(board, new Boot.Spec("vmlinuz", Files.readAllBytes(guest.resolve("vmlinuz")), null,
                initramfs, null, null, "console=ttyLP0", null));
        RunResult r = board.machine().run();
        String out = serial.toString(StandardCharsets.ISO_8859_1).replace("\r", "");
        String tail = out.substring(Math.max(0, out.length() - 3000));
        assertTrue(out.contains(Initramfs.MARKER), "no init marker\n" + tail);
        int a53s = board.config().clusters().get(0).cpus(); // CPU 0's cluster: the boot CPU's kind
        assertEquals("cortex-a53", board.config().clusters().get(0).coreType());
        assertTrue(out.contains("nproc=" + a53s + "\n"), tail);
        assertEquals(0, r.exitCode(), r.reason() + "\n" + tail);
        assertEquals("PSCI SYSTEM_OFF", r.reason());
        String dmesg = out.substring(out.indexOf("--- dmesg ---"), out.indexOf("--- end of dmesg ---"));
        assertTrue(dmesg.contains("smp: Brought up 1 node, " + a53s + " CPUs"), dmesg);
        Matcher bad = BAD_DMESG.matcher(dmesg);
        if (bad.find()) {
            fail("dmesg: " + dmesg.substring(Math.max(0, bad.start() - 200), Math.min(dmesg.length(), bad.end() + 200)));
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void dom0BootsWithEveryVcpuAndRunsASubset() {
        List<LinuxTest> tests = LinuxSuite.select(LinuxSuite.Size.QUICK, List.of("pipe", "cyclictest", "cyclictest_t20", "ipi"));
        RunRecord r = LinuxSuiteRunner.run(LinuxSuiteRunner.Guest.of(guest, LinuxSuite.Size.QUICK, tests), "xen",
                Providers.board("imx8qm"), "functional");
        System.out.printf("LinuxSuiteXenTest: %.3f s simulated, %d instructions, %.1f s host%n",
                r.simulatedPs() / 1e12, r.instructions(), r.host().nanos() / 1e9);
        assertTrue(r.ok(), r.failure() + "\n" + r.console().substring(Math.max(0, r.console().length() - 3000)));
        var imx8qm = Providers.board("imx8qm");
        assertEquals("cortex-a53", imx8qm.clusters().get(0).coreType());
        assertEquals(String.valueOf(imx8qm.clusters().get(0).cpus()), r.info().get("cpus"),
                "one vCPU per A53");
        assertEquals(500, r.histograms().get("cyclictest").total());
        assertEquals(100, r.histograms().get("ipi_wake").total());
        assertTrue(r.histograms().get("cyclictest_t20").total() >= 1980);
        assertTrue(r.metrics().get("pipe").value() > 0);
        for (String path : List.of("gicd-access", "gicr-access", "sgi", "smccc", "irq-injection", "wfe-yield")) {
            // taken while the pCPU idled, a path is prefixed idle- (the ledger's convention)
            long n = r.trapsByPath().getOrDefault(path, 0L) + r.trapsByPath().getOrDefault("idle-" + path, 0L);
            assertTrue(n > 0, path + " in " + r.trapsByPath());
        }
    }
}
