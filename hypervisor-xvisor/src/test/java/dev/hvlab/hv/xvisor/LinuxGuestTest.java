package dev.hvlab.hv.xvisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.board.imx8qm.Board;
import dev.hvlab.board.imx8qm.BoardOptions;
import dev.hvlab.board.imx8qm.Boot;
import dev.hvlab.board.imx8qm.linux.Initramfs;
import dev.hvlab.core.config.BoardConfig;
import dev.hvlab.core.hypervisor.CostLedger;
import dev.hvlab.core.hypervisor.El2Dispatcher;
import dev.hvlab.core.hypervisor.El2Platform;
import dev.hvlab.core.machine.RunResult;
import dev.hvlab.core.spi.Providers;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Debian 12's arm64 kernel as the guest of the default Xvisor config: on virt-compat the board's
 * PL011 is emulated at EL2 and is the console; on the i.MX 8QM the emulated PL011 at 0x1c090000,
 * which the guest's device tree gains (GuestDeviceTree), is, the LPUART being passed through without
 * its interrupt. The GICv3 view is the interrupt controller, every vCPU comes online through PSCI
 * CPU_ON, and {@code poweroff -f} shuts the guest down. Needs scripts/fetch-debian-guest.sh's cache;
 * skips visibly without it. About 20 s of host time per board.
 */
class LinuxGuestTest {
    private static Path guestDirectory() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("cache/debian-guest"))) {
                return p.resolve("cache/debian-guest");
            }
        }
        return Path.of("../cache/debian-guest");
    }

    @ParameterizedTest
    @ValueSource(strings = {"virt-compat", "imx8qm"})
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void debianBootsWithTheEmulatedPl011AsConsole(String boardName) throws Exception {
        Path guest = guestDirectory();
        Assumptions.assumeTrue(Files.isRegularFile(guest.resolve("vmlinuz")) && Files.isDirectory(guest.resolve("root")),
                "Debian guest not fetched (" + guest + "): run scripts/fetch-debian-guest.sh");
        byte[] initramfs = Initramfs.build(guest.resolve("root"), List.of("echo nproc=$(nproc)"));
        BoardConfig b = Providers.board(boardName);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Board board = Board.build(b, BoardOptions.of(console));
        Boot.load(board, new Boot.Spec("vmlinuz", Files.readAllBytes(guest.resolve("vmlinuz")), null, initramfs, null,
                null, null, null));
        XvisorModel model = new XvisorModel(null);
        El2Dispatcher d = El2Dispatcher.install(model, new El2Platform(board.machine(), b, board.gic(), board.firmware(),
                board.exceptions(), console, null));
        board.machine().setMaxTimePs(5_000_000_000_000L);
        RunResult r = board.machine().run();
        String out = console.toString(StandardCharsets.UTF_8).replace("\r\n", "\n");
        String tail = out.substring(Math.max(0, out.length() - 3000));
        assertTrue(out.contains(Initramfs.MARKER), tail);
        assertTrue(out.contains("nproc=" + b.cpuCount() + "\n"), tail);
        assertTrue(out.contains(Initramfs.DONE), tail);
        assertEquals("PSCI SYSTEM_OFF", r.reason(), tail);
        assertTrue(d.reports().isEmpty(), d.reports().toString());
        GuestVm g = model.guests().get(0);
        Pl011Emulator uart = (Pl011Emulator) g.devices.stream().filter(e -> e instanceof Pl011Emulator).findFirst()
                .orElseThrow();
        assertTrue(uart.written.toString().contains(Initramfs.MARKER), "the marker went through the emulated PL011");
        List<String> paths = d.ledger().paths().stream().map(CostLedger.PathTotal::path).toList();
        assertTrue(paths.contains("mmio-pl011") && paths.contains("smc-psci") && paths.contains("vtimer"), paths.toString());
    }
}
