package dev.hvlab.board.imx8qm.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.board.imx8qm.Board;
import dev.hvlab.board.imx8qm.BoardOptions;
import dev.hvlab.board.imx8qm.Boot;
import dev.hvlab.core.config.BoardConfig;
import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.machine.Machine;
import dev.hvlab.core.machine.RunResult;
import dev.hvlab.core.spi.Providers;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 8's acceptance: Debian 12's own arm64 kernels (standard and PREEMPT_RT) boot unmodified on
 * the i.MX 8QM board with 2 and 6 CPUs, and on virt-compat, to the initramfs's shell marker; all
 * CPUs are online, cyclictest completes, dmesg has no warning about the emulated hardware, and
 * {@code poweroff -f} ends the run through PSCI SYSTEM_OFF with status 0.
 *
 * <p>Needs the packages of {@code scripts/fetch-debian-guest.sh} (in cache/debian-guest at the
 * repository root, or where {@code -Dhvlab.debianGuest} says); skips visibly without them. Each
 * boot takes 10-20 s of host time.
 */
class LinuxBootTest {
    /** rt-tests 2.4's cyclictest: one measuring thread, FIFO priority 95, 100 us period, 10000 loops. */
    static final String CYCLICTEST = "cyclictest -m -p95 -i100 -l10000 -q";
    private static final Pattern SUMMARY = Pattern.compile(
            "T: 0 \\(\\s*\\d+\\) P:95 I:100 C:\\s*10000 Min:\\s*(\\d+) Act:\\s*\\d+ Avg:\\s*(\\d+) Max:\\s*(\\d+)");
    /** dmesg lines real hardware would not print: warnings, oopses, unknown or unsupported hardware. */
    private static final Pattern BAD_DMESG = Pattern.compile(
            "(?i)WARNING|\\bBUG\\b|unsupported|unknown|Call trace|Oops|Tainted:|Internal error|undefined instruction");
    private static final String DMESG_BEGIN = "--- dmesg ---";
    private static final String DMESG_END = "--- end of dmesg ---";

    private static Path guest;
    private static byte[] initramfs;

    @BeforeAll
    static void buildInitramfs() throws IOException {
        guest = guestDirectory();
        if (!fetched()) {
            return;
        }
        initramfs = Initramfs.build(guest.resolve("root"), List.of(
                "echo nproc=$(nproc)",
                CYCLICTEST,
                "echo '" + DMESG_BEGIN + "'",
                "dmesg",
                "echo '" + DMESG_END + "'"));
    }

    /** Each test skips by itself, so that the report counts the four as skipped. */
    @BeforeEach
    void needsTheGuest() {
        Assumptions.assumeTrue(fetched(), "Debian guest not fetched (" + guest + "): run scripts/fetch-debian-guest.sh");
    }

    private static boolean fetched() {
        return Files.isRegularFile(guest.resolve("vmlinuz")) && Files.isRegularFile(guest.resolve("vmlinuz-rt"))
                && Files.isDirectory(guest.resolve("root"));
    }

    static Path guestDirectory() {
        String property = System.getProperty("hvlab.debianGuest");
        if (property != null) {
            return Path.of(property);
        }
        // Surefire runs in the module directory; the cache is at the repository root.
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("cache/debian-guest"))) {
                return p.resolve("cache/debian-guest");
            }
        }
        return here.resolve("../cache/debian-guest").normalize();
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void standardKernelOnImx8qmWithSixCpus() throws IOException {
        Outcome o = boot("imx8qm", "vmlinuz", 6, "earlycon console=ttyLP0");
        o.checkComplete(6);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void standardKernelOnImx8qmWithTwoCpus() throws IOException {
        Outcome o = boot("imx8qm", "vmlinuz", 2, "earlycon console=ttyLP0");
        o.checkComplete(2);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void preemptRtKernelOnImx8qmWithSixCpus() throws IOException {
        Outcome o = boot("imx8qm", "vmlinuz-rt", 6, "earlycon console=ttyLP0");
        o.checkComplete(6);
        assertTrue(o.serial.contains("PREEMPT_RT"), "the RT kernel's banner says PREEMPT_RT");
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void standardKernelOnVirtCompat() throws IOException {
        Outcome o = boot("virt-compat", "vmlinuz", 0, "earlycon console=ttyAMA0");
        o.checkComplete(Providers.board("virt-compat").cpuCount());
    }

    /** What a boot printed, how it ended, and what it took to reach the marker. */
    record Outcome(String name, String serial, RunResult result, long markerInstructions, long markerPs,
            long markerHostNanos) {
        void checkComplete(int cpus) {
            assertTrue(markerInstructions > 0, name + ": no marker '" + Initramfs.MARKER + "'\n" + tail());
            assertTrue(serial.contains("nproc=" + cpus + "\n"), name + ": nproc should print " + cpus + "\n" + tail());
            Matcher m = SUMMARY.matcher(serial);
            assertTrue(m.find(), name + ": no cyclictest summary line\n" + tail());
            int min = Integer.parseInt(m.group(1));
            int max = Integer.parseInt(m.group(3));
            assertTrue(min > 0 && min <= max, name + ": cyclictest latencies " + m.group());
            assertTrue(serial.contains(Initramfs.DONE), name + ": the commands did not finish\n" + tail());
            // The device tree's /chosen/rng-seed seeds the CRNG at boot; without it Linux stayed
            // unseeded for the whole run (entropy_avail 1) and every system call paid ~10,000
            // instructions of extract_entropy and fast key erasure.
            assertTrue(serial.contains("random: crng init done"), name + ": the CRNG was not seeded\n" + tail());
            List<String> bad = badDmesgLines();
            assertTrue(bad.isEmpty(), name + ": dmesg has lines real hardware would not print:\n" + String.join("\n", bad));
            assertEquals(0, result.exitCode(), name + ": " + result.reason() + "\n" + tail());
            assertEquals("PSCI SYSTEM_OFF", result.reason());
        }

        List<String> badDmesgLines() {
            int begin = serial.indexOf(DMESG_BEGIN + "\n");
            int end = serial.indexOf(DMESG_END, begin);
            assertTrue(begin >= 0 && end > begin, name + ": no dmesg output\n" + tail());
            List<String> bad = new ArrayList<>();
            for (String line : serial.substring(begin, end).split("\n")) {
                if (BAD_DMESG.matcher(line).find()) {
                    bad.add(line);
                }
            }
            return bad;
        }

        String tail() {
            return serial.substring(Math.max(0, serial.length() - 3000));
        }
    }

    static Outcome boot(String boardName, String kernel, int cpus, String append) throws IOException {
        BoardConfig config = Providers.board(boardName);
        MarkerWatch serial = new MarkerWatch();
        Board board = Board.build(config, BoardOptions.of(serial).withCpus(cpus));
        Machine machine = board.machine();
        serial.machine = machine;
        // Guards against a hang: the boot and the commands need about 2 s of simulated time.
        machine.setMaxTimePs(30 * 1_000_000_000_000L);
        machine.setMaxInstructions(30_000_000_000L);
        Boot.load(board, new Boot.Spec(kernel, Files.readAllBytes(guest.resolve(kernel)), null, initramfs, null, null,
                append, null));
        serial.hostStart = System.nanoTime();
        RunResult r = machine.run();
        String name = boardName + "/" + kernel + "/" + board.cpuCount() + " CPUs";
        Outcome o = new Outcome(name, serial.text(), r, serial.markerInstructions, serial.markerPs, serial.markerHostNanos);
        System.out.printf("LinuxBootTest %s: marker after %d instructions, %.3f ms simulated, %.2f s host; "
                + "end: %s%n", name, o.markerInstructions, o.markerPs / 1e9, o.markerHostNanos / 1e9, r.summary());
        return o;
    }

    /** The console: keeps the text and notes the machine's progress when the marker line appears. */
    static final class MarkerWatch extends OutputStream {
        private final StringBuilder text = new StringBuilder();
        // The tty turns "\n" into "\r\n": match the marker text alone.
        private final byte[] marker = Initramfs.MARKER.getBytes(StandardCharsets.US_ASCII);
        private int matched;
        Machine machine;
        long hostStart;
        long markerInstructions;
        long markerPs;
        long markerHostNanos;

        @Override
        public void write(int b) {
            text.append((char) (b & 0xFF));
            if (markerInstructions == 0) {
                matched = (b & 0xFF) == marker[matched] ? matched + 1 : ((b & 0xFF) == marker[0] ? 1 : 0);
                if (matched == marker.length) {
                    markerHostNanos = System.nanoTime() - hostStart;
                    markerPs = machine.queue().now();
                    for (Cpu c : machine.cpus()) {
                        markerInstructions += c.instructions;
                    }
                }
            }
        }

        String text() {
            return text.toString().replace("\r\n", "\n");
        }
    }
}
