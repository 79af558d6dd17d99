package dev.hvlab.hv.xvisor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.hvlab.board.imx8qm.Board;
import dev.hvlab.board.imx8qm.BoardOptions;
import dev.hvlab.board.imx8qm.Boot;
import dev.hvlab.board.imx8qm.SmpDemo;
import dev.hvlab.core.config.BoardConfig;
import dev.hvlab.core.fdt.Fdt;
import dev.hvlab.core.fdt.FdtNode;
import dev.hvlab.core.hypervisor.El2Dispatcher;
import dev.hvlab.core.hypervisor.El2Platform;
import dev.hvlab.core.spi.Providers;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The booted image's device tree under the default config: on the i.MX 8QM (LPUART console, passed
 * through without its interrupt) it gains the emulated PL011 as console and a no-map node for the
 * hypervisor's memory; on virt-compat, whose tree already has the PL011 at the emulated address, the
 * console stays.
 */
class GuestDeviceTreeTest {
    private static Fdt bootedTree(String boardName) throws Exception {
        BoardConfig b = Providers.board(boardName);
        Board board = Board.build(b, BoardOptions.of(new ByteArrayOutputStream()));
        Boot.Layout layout = Boot.load(board, new Boot.Spec("demo", SmpDemo.image(b, b.cpuCount()), SmpDemo.loadAddress(b),
                null, null, null, null, 2));
        El2Dispatcher.install(new XvisorModel(null), new El2Platform(board.machine(), b, board.gic(), board.firmware(),
                board.exceptions(), new ByteArrayOutputStream(), null));
        byte[] header = new byte[8];
        board.machine().memory().read(layout.dtbAddress(), header, 0, 8);
        int size = (header[4] & 0xFF) << 24 | (header[5] & 0xFF) << 16 | (header[6] & 0xFF) << 8 | header[7] & 0xFF;
        byte[] blob = new byte[size];
        board.machine().memory().read(layout.dtbAddress(), blob, 0, size);
        return Fdt.parse(blob);
    }

    @Test
    void imx8qmGuestGetsTheEmulatedPl011AsConsoleAndTheHypervisorMemoryReserved() throws Exception {
        Fdt t = bootedTree("imx8qm");
        FdtNode uart = t.node("/pl011@" + Long.toHexString(XvisorConfigs.PL011_GUEST_PHYS));
        assertNotNull(uart);
        assertEquals(List.of("arm,pl011", "arm,primecell"), uart.stringsOf("compatible"));
        // SPI 33 (the default config's) is GIC SPI number 1, level-high (the GIC binding).
        assertArrayEquals(new int[] {0, 1, 4}, uart.cellsOf("interrupts"));
        int[] clocks = uart.cellsOf("clocks");
        FdtNode clk = t.node("/xvisor-pl011-clk");
        assertArrayEquals(new int[] {clk.cellsOf("phandle")[0], clk.cellsOf("phandle")[0]}, clocks);
        assertEquals(List.of("/pl011@1c090000"), t.node("/chosen").stringsOf("stdout-path"));
        FdtNode hv = t.node("/reserved-memory/xvisor@fdc00000");
        assertNotNull(hv);
        assertArrayEquals(new int[] {0, 0xfdc00000, 0, 0x400000}, hv.cellsOf("reg"));
        assertNotNull(hv.property("no-map"));
    }

    @Test
    void virtCompatKeepsItsOwnPl011Node() throws Exception {
        Fdt t = bootedTree("virt-compat");
        assertNull(t.node("/xvisor-pl011-clk"));
        String stdout = t.node("/chosen").stringsOf("stdout-path").get(0);
        assertNotNull(t.node(stdout.startsWith("/") ? stdout : "/" + stdout), stdout);
    }
}
