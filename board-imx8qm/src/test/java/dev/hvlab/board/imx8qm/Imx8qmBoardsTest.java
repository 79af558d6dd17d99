package dev.hvlab.board.imx8qm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hvlab.core.config.BoardConfig;
import dev.hvlab.core.spi.Providers;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The board files against the facts in shared/docs/IMX8QM.md and QEMU's virt memory map. */
class Imx8qmBoardsTest {
    private static BoardConfig.Device device(BoardConfig b, String name) {
        return b.devices().stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void discoveredThroughServiceLoader() {
        assertEquals(List.of("imx8qm", "virt-compat"), Providers.boards().stream().map(BoardConfig::name).toList());
    }

    @Test
    void imx8qmMatchesTheSoc() {
        BoardConfig b = Providers.board("imx8qm");
        assertEquals(List.of(new BoardConfig.Ram(0x8000_0000L, 2L << 30)), b.ram());
        assertEquals(6, b.cpuCount());
        assertEquals(new BoardConfig.Cluster("cortex-a53", 4, 1_200_000_000L, 0), b.clusters().get(0));
        assertEquals(new BoardConfig.Cluster("cortex-a72", 2, 1_600_000_000L, 1), b.clusters().get(1));
        assertEquals(8_000_000L, b.counterFrequencyHz());
        assertEquals(0x51a0_0000L, device(b, "gicd").base());
        // One 128 KiB redistributor (RD + SGI frames) per CPU.
        assertEquals(0x51b0_0000L, device(b, "gicr").base());
        assertEquals(b.cpuCount() * 128L * 1024, device(b, "gicr").size());
        BoardConfig.Device uart = device(b, "lpuart0");
        assertEquals(0x5a06_0000L, uart.base());
        assertEquals(List.of(32 + 225), uart.irqs());
    }

    @Test
    void virtCompatMatchesQemuVirt() {
        BoardConfig b = Providers.board("virt-compat");
        assertEquals(0x4000_0000L, b.ram().get(0).base());
        assertEquals(0x0800_0000L, device(b, "gicd").base());
        assertEquals(0x080a_0000L, device(b, "gicr").base());
        assertEquals(b.cpuCount() * 128L * 1024, device(b, "gicr").size());
        assertEquals(0x0900_0000L, device(b, "uart0").base());
        assertEquals(List.of(32 + 1), device(b, "uart0").irqs());
        assertEquals(62_500_000L, b.counterFrequencyHz());
    }
}
