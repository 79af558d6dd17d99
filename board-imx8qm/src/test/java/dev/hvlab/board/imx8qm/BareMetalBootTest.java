package dev.hvlab.board.imx8qm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.config.BoardConfig;
import dev.hvlab.core.machine.RunResult;
import dev.hvlab.core.spi.Providers;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Issue 7's acceptance: bare-metal images booted on both boards through the whole machine. */
class BareMetalBootTest {
    record Outcome(RunResult result, String serial, Board board) {
    }

    static Outcome boot(String boardName, byte[] elf, int entryEl) {
        BoardConfig config = Providers.board(boardName);
        ByteArrayOutputStream serial = new ByteArrayOutputStream();
        Board board = Board.build(config, BoardOptions.of(serial));
        board.machine().setMaxInstructions(5_000_000);
        Boot.load(board, Boot.Spec.elf("guest.elf", elf, entryEl));
        RunResult r = board.machine().run();
        return new Outcome(r, serial.toString(StandardCharsets.US_ASCII), board);
    }

    @Test
    void helloWorldThroughTheLpuartOnImx8qm() {
        Outcome o = boot("imx8qm", GuestPrograms.hello(0x8000_0000L, GuestPrograms.IMX8QM_UART_DATA), 3);
        assertEquals("Hello from hvlab\n", o.serial());
        assertEquals(0, o.result().exitCode(), o.result().reason());
        assertEquals("PSCI SYSTEM_OFF", o.result().reason());
    }

    @Test
    void helloWorldThroughThePl011OnVirtCompat() {
        Outcome o = boot("virt-compat", GuestPrograms.hello(0x4000_0000L, GuestPrograms.VIRT_UART_DATA), 3);
        assertEquals("Hello from hvlab\n", o.serial());
        assertEquals(0, o.result().exitCode(), o.result().reason());
    }

    private static long[] mpidrs(BoardConfig config) {
        long[] m = new long[config.cpuCount()];
        for (int i = 0; i < m.length; i++) {
            m[i] = DeviceTree.affinity(config, i);
        }
        return m;
    }

    private static Outcome smp() {
        BoardConfig config = Providers.board("imx8qm");
        return boot("imx8qm", GuestPrograms.smp(0x8000_0000L, GuestPrograms.IMX8QM_UART_DATA, mpidrs(config)), 3);
    }

    @Test
    void smpBringsUpAllSixCoresWithPsciAndEachPrintsItsMpidrInTurn() {
        Outcome o = smp();
        // Aff1.Aff0 from the board table: the A53 cluster (Aff1 0) then the A72 cluster (Aff1 1).
        assertEquals("cpu 0000\ncpu 0001\ncpu 0002\ncpu 0003\ncpu 0100\ncpu 0101\n", o.serial());
        assertEquals(0, o.result().exitCode(), o.result().reason());
        for (RunResult.CpuStats c : o.result().cpus()) {
            assertTrue(c.instructions() > 0, "CPU " + c.index() + " ran");
        }
        assertEquals("cortex-a53", o.result().cpus().get(0).coreType());
        assertEquals("cortex-a72", o.result().cpus().get(5).coreType());
    }

    @Test
    void twoRunsOfTheSameBootAreIdentical() {
        Outcome a = smp();
        Outcome b = smp();
        assertEquals(a.serial(), b.serial());
        assertEquals(a.result().instructions(), b.result().instructions());
        assertEquals(a.result().simulatedPs(), b.result().simulatedPs());
        assertEquals(a.result().cpus(), b.result().cpus());
        assertEquals(a.result().exitCode(), b.result().exitCode());
    }

    @Test
    void timerInterruptArrivesWhenTheCounterReachesTheCompareValue() {
        int ticks = 800; // 100 us at the i.MX 8QM's 8 MHz counter
        long ram = 0x8000_0000L;
        Outcome o = boot("imx8qm", GuestPrograms.timer(ram, GuestPrograms.IMX8QM_UART_DATA, 0x51a0_0000L,
                0x51b0_0000L, ticks), 1);
        assertEquals("irq\n", o.serial(), o.result().reason());
        assertEquals(0, o.result().exitCode(), o.result().reason());
        long intid = read64(o, ram + GuestPrograms.TIMER_RESULTS);
        long countAtIrq = read64(o, ram + GuestPrograms.TIMER_RESULTS + 8);
        long cval = read64(o, ram + GuestPrograms.TIMER_CVAL);
        assertEquals(27, intid, "the virtual timer's PPI");
        // The CPU sleeps in WFI until the expiry event; it takes the IRQ within a tick of it.
        assertTrue(countAtIrq >= cval && countAtIrq <= cval + 1, "counter " + countAtIrq + " vs CVAL " + cval);
        long expiryPs = cval * 1_000_000_000_000L / 8_000_000L;
        assertTrue(o.result().simulatedPs() >= expiryPs && o.result().simulatedPs() < expiryPs + 1_000_000L,
                "simulated time " + o.result().simulatedPs() + " vs expiry " + expiryPs);
        // WFI cost nothing: far fewer instructions than 100 us of a 1.2 GHz spin.
        assertTrue(o.result().instructions() < 1000, "instructions " + o.result().instructions());
    }

    private static long read64(Outcome o, long pa) {
        byte[] b = new byte[8];
        o.board().machine().memory().read(pa, b, 0, 8);
        return java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    }
}
