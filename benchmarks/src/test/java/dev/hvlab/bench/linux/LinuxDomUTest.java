package dev.hvlab.bench.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hvlab.board.imx8qm.Board;
import dev.hvlab.board.imx8qm.BoardOptions;
import dev.hvlab.board.imx8qm.HypervisorInstall;
import dev.hvlab.board.imx8qm.linux.Initramfs;
import dev.hvlab.core.hypervisor.El2Dispatcher;
import dev.hvlab.core.machine.RunResult;
import dev.hvlab.core.spi.Providers;
import dev.hvlab.core.time.Event;
import dev.hvlab.core.time.EventQueue;
import dev.hvlab.core.uart.SerialInput;
import dev.hvlab.core.uart.SerialPort;
import dev.hvlab.hv.xen.XenConfig;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's kernel as a Xen domU in true dom0less (no dom0): 2 vCPUs, 512 MiB, its console on
 * Xen's emulated SBSA UART (vpl011, ttyAMA0) and no Xen PV drivers. Xen owns the board's LPUART:
 * guest output reaches it through Xen's console, and serial input typed on it goes to the domU
 * with the console focus. Needs the Debian guest of scripts/fetch-debian-guest.sh and skips
 * visibly without it.
 */
class LinuxDomUTest {
    private final Path guest = LinuxSuite.guestDirectory();

    @TempDir
    Path dir;

    @BeforeEach
    void needsTheGuest() {
        Assumptions.assumeTrue(LinuxSuite.fetched(guest),
                "Debian guest not fetched (" + guest + "): run scripts/fetch-debian-guest.sh");
    }

    /** dmesg lines real hardware would not print (as LinuxSuiteXenTest checks). */
    private static final Pattern BAD_DMESG = Pattern.compile(
            "(?i)WARNING|\\bBUG\\b|unsupported|unknown|Call trace|Oops|Tainted:|Internal error|undefined instruction");

    private record Run(RunResult result, String out, El2Dispatcher dispatcher) {
    }

    /** A dom0less Xen with one domU running Debian's kernel and {@code initramfs}. */
    private Run boot(byte[] initramfs, long maxTimePs) throws IOException {
        Path rd = dir.resolve("initrd.img");
        Files.write(rd, initramfs);
        XenConfig.Domain domU = new XenConfig.Domain("debian", 2, 512, List.of(), guest.resolve("vmlinuz").toString(),
                rd.toString(), "console=ttyAMA0", false, 256, 0, 10_000, 4_000);
        XenConfig config = new XenConfig(XenConfig.CommandLine.defaults(), false, List.of(domU));
        ByteArrayOutputStream serial = new ByteArrayOutputStream();
        Board board = Board.build(Providers.board("imx8qm"), BoardOptions.of(serial));
        board.machine().setMaxTimePs(maxTimePs);
        El2Dispatcher d = HypervisorInstall.install(board, Providers.hypervisor("xen"), config, serial, dir);
        RunResult r = board.machine().run();
        return new Run(r, serial.toString(StandardCharsets.ISO_8859_1).replace("\r", ""), d);
    }

    /**
     * The domU reaches init with both vCPUs online, its dmesg is clean, the console is the vpl011,
     * and its {@code poweroff -f} (PSCI SYSTEM_OFF from a domU: the domain shuts down) ends the
     * machine because no domain is left.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void debianBootsAsADomUOnTheVpl011() throws IOException {
        byte[] initramfs = Initramfs.build(guest.resolve("root"), List.of("echo nproc=$(nproc)",
                "echo tty=$(cat /sys/class/tty/console/active)", "echo '--- dmesg ---'", "dmesg",
                "echo '--- end of dmesg ---'"));
        Run run = boot(initramfs, 5_000_000_000_000L);
        String out = run.out();
        String tail = out.substring(Math.max(0, out.length() - 3000));
        assertTrue(out.contains(Initramfs.MARKER), "no init marker\n" + tail);
        assertTrue(out.contains("nproc=2\n"), tail);
        assertTrue(out.contains("tty=ttyAMA0\n"), tail);
        assertEquals("PSCI SYSTEM_OFF", run.result().reason(), tail);
        assertEquals(0, run.result().exitCode(), tail);
        String dmesg = out.substring(out.indexOf("--- dmesg ---"), out.indexOf("--- end of dmesg ---"));
        assertTrue(dmesg.contains("smp: Brought up 1 node, 2 CPUs"), dmesg);
        assertTrue(dmesg.contains("22000000.sbsa-uart: ttyAMA0 at MMIO 0x22000000"), dmesg);
        Matcher bad = BAD_DMESG.matcher(dmesg);
        if (bad.find()) {
            fail("dmesg: " + dmesg.substring(Math.max(0, bad.start() - 200), Math.min(dmesg.length(), bad.end() + 200)));
        }
        assertTrue(run.dispatcher().ledger().paths().stream().anyMatch(p -> p.path().equals("vpl011-access")));
    }

    /**
     * Serial input: lines typed on the board's LPUART (which Xen owns without a dom0) are taken by
     * Xen's serial interrupt and put in the vpl011 of the domU with the console focus; its shell
     * runs them and the output comes back through the vpl011. Each line is typed once the shell's
     * prompt (or the previous command's output) has appeared, as a person would, and is shorter
     * than the vpl011's 32-byte receive ring, which Xen fills as fast as the characters arrive.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aCommandTypedOnTheBoardsSerialPortRunsInTheDomUsShell() throws IOException {
        byte[] initramfs = Initramfs.build(guest.resolve("root"), List.of());
        Path rd = dir.resolve("initrd.img");
        Files.write(rd, initramfs);
        XenConfig.Domain domU = new XenConfig.Domain("debian", 2, 512, List.of(), guest.resolve("vmlinuz").toString(),
                rd.toString(), "console=ttyAMA0", false, 256, 0, 10_000, 4_000);
        ByteArrayOutputStream serial = new ByteArrayOutputStream();
        Board board = Board.build(Providers.board("imx8qm"), BoardOptions.of(serial));
        board.machine().setMaxTimePs(5_000_000_000_000L);
        El2Dispatcher d = HypervisorInstall.install(board, Providers.hypervisor("xen"),
                new XenConfig(XenConfig.CommandLine.defaults(), false, List.of(domU)), serial, dir);
        // {what to wait for, what to type then}
        String[][] script = {{Initramfs.MARKER, null}, {"# ", "echo $((6*7))-typed\n"}, {"42-typed", "exit\n"}};
        Typist typist = new Typist(serial, board.serialPorts().get(0), board.machine().queue(), script);
        typist.start();
        RunResult r = board.machine().run();
        String out = serial.toString(StandardCharsets.ISO_8859_1).replace("\r", "");
        String tail = out.substring(Math.max(0, out.length() - 3000));
        assertEquals(script.length, typist.step, "stuck waiting for '" + (typist.step < script.length
                ? script[typist.step][0] : "") + "'\n" + tail);
        assertTrue(out.contains("echo $((6*7))-typed\n"), "the shell echoes what it reads\n" + tail);
        assertTrue(out.contains("\n42-typed\n"), tail);
        assertEquals("PSCI SYSTEM_OFF", r.reason(), "exit ends init, which powers off\n" + tail);
        assertTrue(d.ledger().paths().stream().anyMatch(p -> p.path().endsWith("serial-rx")), "Xen's serial interrupt");
    }

    /** Types each line of a script on a serial port once the console shows what it waits for (on the machine's clock). */
    private static final class Typist {
        private final ByteArrayOutputStream console;
        private final SerialPort port;
        private final EventQueue queue;
        private final String[][] script;
        private final Event tick = new Event("typist", this::tick);
        private int step;
        private int searchFrom;
        private byte[] pending = new byte[0];

        Typist(ByteArrayOutputStream console, SerialPort port, EventQueue queue, String[][] script) {
            this.console = console;
            this.port = port;
            this.queue = queue;
            this.script = script;
        }

        void start() {
            queue.schedule(tick, queue.now() + SerialInput.DEFAULT_PERIOD_PS);
        }

        private void tick() {
            if (pending.length > 0) {
                int n = port.receive(pending, 0, pending.length);
                pending = java.util.Arrays.copyOfRange(pending, n, pending.length);
            } else if (step < script.length) {
                String out = console.toString(StandardCharsets.ISO_8859_1);
                int at = out.indexOf(script[step][0], searchFrom);
                if (at >= 0) {
                    searchFrom = at + script[step][0].length();
                    if (script[step][1] != null) {
                        pending = script[step][1].getBytes(StandardCharsets.ISO_8859_1);
                    }
                    step++;
                }
            }
            if (step < script.length || pending.length > 0) {
                queue.schedule(tick, queue.now() + SerialInput.DEFAULT_PERIOD_PS);
            }
        }
    }
}
