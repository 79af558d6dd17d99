package dev.hvlab.core.uart;

import static dev.hvlab.core.uart.Lpuart.BAUD;
import static dev.hvlab.core.uart.Lpuart.CTRL;
import static dev.hvlab.core.uart.Lpuart.DATA;
import static dev.hvlab.core.uart.Lpuart.FIFO;
import static dev.hvlab.core.uart.Lpuart.GLOBAL;
import static dev.hvlab.core.uart.Lpuart.STAT;
import static dev.hvlab.core.uart.Lpuart.WATER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.asm.Assembler;
import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.isa.A64;
import dev.hvlab.core.mem.BusErrorException;
import dev.hvlab.core.mem.PhysicalMemory;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The LPUART register by register (bit positions and reset values from the i.MX 8QM/7ULP LPUART
 * register descriptions, the same the Linux driver's UART* constants name), then the sequences
 * Linux's lpuart32 earlycon and fsl_lpuart driver perform.
 */
class LpuartTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final List<Boolean> irqLog = new ArrayList<>();
    private final Lpuart uart = new Lpuart("lpuart0", out, irqLog::add);

    private long rd(int off) {
        return uart.read(0, off, 4);
    }

    private void wr(int off, long v) {
        uart.write(0, off, v, 4);
    }

    private String out() {
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void resetValues() {
        assertEquals(0x0401_0003L, rd(Lpuart.VERID));
        assertEquals(0x0606L, rd(Lpuart.PARAM), "64-word FIFOs");
        assertEquals(0, rd(GLOBAL));
        assertEquals(0x0F00_0004L, rd(BAUD));
        assertEquals(0x00C0_0000L, rd(STAT), "TDRE | TC");
        assertEquals(0, rd(CTRL));
        assertEquals(0x00C0_0055L, rd(FIFO), "TXEMPT | RXEMPT | TX and RX FIFO size fields 5 (64 words)");
        assertEquals(0x0000_1000L, rd(DATA), "RXEMPT");
        assertEquals(Lpuart.FIFO_RXUF, rd(FIFO) & Lpuart.FIFO_RXUF, "reading an empty receiver underflows");
        assertEquals(0, rd(WATER));
        assertTrue(irqLog.isEmpty(), "interrupt line low");
    }

    @Test
    void reservedOffsetsAreRazWiAndReadOnlyRegistersIgnoreWrites() {
        assertEquals(0, rd(0x30));
        wr(0x30, 0xFFFF_FFFFL);
        assertEquals(0, rd(0x30));
        wr(Lpuart.VERID, 0);
        assertEquals(0x0401_0003L, rd(Lpuart.VERID));
        wr(CTRL, 0x0000_3000); // reserved CTRL bits 13:12
        assertEquals(0, rd(CTRL));
    }

    @Test
    void onlyAlignedWordAccessesExist() {
        assertThrows(BusErrorException.class, () -> uart.read(0, DATA, 1));
        assertThrows(BusErrorException.class, () -> uart.write(0, DATA, 'x', 1));
        assertThrows(BusErrorException.class, () -> uart.read(0, STAT, 8));
        assertThrows(BusErrorException.class, () -> uart.read(0, STAT + 2, 4));
        assertEquals("", out());
    }

    @Test
    void transmitIsInstantaneousWhileTeIsSetAndWaitsInTheFifoOtherwise() {
        wr(FIFO, Lpuart.FIFO_TXFE | Lpuart.FIFO_RXFE);
        wr(DATA, 'a');
        wr(DATA, 'b');
        assertEquals("", out(), "TE clear: nothing leaves");
        assertEquals(2L << 8, rd(WATER), "TXCOUNT = 2");
        assertEquals(0, rd(STAT) & (Lpuart.STAT_TDRE | Lpuart.STAT_TC), "above TXWATER 0, not complete");
        wr(CTRL, Lpuart.CTRL_TE);
        assertEquals("ab", out());
        assertEquals(0x00C0_0000L, rd(STAT));
        assertEquals(Lpuart.FIFO_TXEMPT, rd(FIFO) & Lpuart.FIFO_TXEMPT);
    }

    @Test
    void txOverflowIsFlaggedAndClearedByWritingOne() {
        wr(FIFO, Lpuart.FIFO_TXOFE); // FIFO disabled: one word
        wr(DATA, 'x');
        assertTrue(irqLog.isEmpty());
        wr(DATA, 'y');
        assertEquals(Lpuart.FIFO_TXOF, rd(FIFO) & Lpuart.FIFO_TXOF);
        assertEquals(List.of(true), irqLog, "TXOFE & TXOF");
        wr(FIFO, Lpuart.FIFO_TXOFE | Lpuart.FIFO_TXOF);
        assertEquals(0, rd(FIFO) & Lpuart.FIFO_TXOF);
        assertEquals(List.of(true, false), irqLog);
        wr(FIFO, Lpuart.FIFO_TXFLUSH);
        assertEquals(0, rd(WATER), "flushed");
        wr(CTRL, Lpuart.CTRL_TE);
        assertEquals("", out());
    }

    @Test
    void transmitInterruptFollowsTieAndTcie() {
        wr(CTRL, Lpuart.CTRL_TE | Lpuart.CTRL_TIE);
        assertEquals(List.of(true), irqLog, "TDRE with TIE");
        wr(CTRL, Lpuart.CTRL_TE);
        assertEquals(List.of(true, false), irqLog);
        wr(CTRL, Lpuart.CTRL_TE | Lpuart.CTRL_TCIE);
        assertEquals(List.of(true, false, true), irqLog, "TC with TCIE");
        wr(CTRL, Lpuart.CTRL_TCIE); // TE off: words written now wait, TC drops
        wr(DATA, 'q');
        assertEquals(List.of(true, false, true, false), irqLog);
    }

    @Test
    void receiveWatermarkAndIdle() {
        assertEquals(0, uart.receive(new byte[] {1}, 0, 1), "receiver disabled: nothing accepted");
        wr(FIFO, Lpuart.FIFO_TXFE | Lpuart.FIFO_RXFE);
        wr(WATER, 2L << 16); // RXWATER = 2
        wr(CTRL, Lpuart.CTRL_RE | Lpuart.CTRL_RIE);
        assertEquals(2, uart.receive("hi".getBytes(StandardCharsets.US_ASCII), 0, 2));
        assertEquals(0, rd(STAT) & Lpuart.STAT_RDRF, "2 words, not above RXWATER 2");
        assertEquals(Lpuart.STAT_IDLE, rd(STAT) & Lpuart.STAT_IDLE, "idle after the characters");
        assertTrue(irqLog.isEmpty());
        uart.receive(new byte[] {'!'}, 0, 1);
        assertEquals(Lpuart.STAT_RDRF, rd(STAT) & Lpuart.STAT_RDRF);
        assertEquals(List.of(true), irqLog);
        assertEquals(3L << 24 | 2L << 16, rd(WATER));
        assertEquals('h', rd(DATA));
        assertEquals(List.of(true, false), irqLog, "RDRF fell with the count");
        wr(STAT, Lpuart.STAT_IDLE);
        assertEquals(0, rd(STAT) & Lpuart.STAT_IDLE, "IDLE is W1C");
        wr(FIFO, Lpuart.FIFO_TXFE | Lpuart.FIFO_RXFE | 3 << 10); // RXIDEN: RDRF on idle with data
        assertEquals(Lpuart.STAT_RDRF, rd(STAT) & Lpuart.STAT_RDRF);
        assertEquals('i', rd(DATA));
        assertEquals('!', rd(DATA));
        assertEquals(Lpuart.DATA_RXEMPT, rd(DATA));
        assertEquals(0, rd(STAT) & Lpuart.STAT_RDRF);
    }

    @Test
    void receiveNeverOverrunsFromTheMachineButLoopbackCan() {
        wr(CTRL, Lpuart.CTRL_RE);
        assertEquals(1, uart.receive("abc".getBytes(StandardCharsets.US_ASCII), 0, 3), "FIFO disabled: one word");
        assertEquals(0, rd(STAT) & Lpuart.STAT_OR);
        wr(CTRL, Lpuart.CTRL_RE | Lpuart.CTRL_TE | Lpuart.CTRL_LOOPS | Lpuart.CTRL_ORIE);
        wr(DATA, 'z');
        assertEquals("", out(), "loop-back: nothing on the line");
        assertEquals(Lpuart.STAT_OR, rd(STAT) & Lpuart.STAT_OR, "receiver full");
        assertEquals(List.of(true), irqLog);
        wr(STAT, Lpuart.STAT_OR);
        assertEquals(List.of(true, false), irqLog);
        assertEquals('a', rd(DATA));
    }

    @Test
    void globalResetHoldsTheRegistersAtTheirResetValues() {
        wr(CTRL, Lpuart.CTRL_TE | Lpuart.CTRL_TIE);
        wr(BAUD, 0x0200_0010);
        wr(GLOBAL, Lpuart.GLOBAL_RST);
        assertEquals(0, rd(CTRL));
        assertEquals(0x0F00_0004L, rd(BAUD));
        wr(CTRL, Lpuart.CTRL_TE);
        assertEquals(0, rd(CTRL), "writes ignored while in reset");
        assertEquals(List.of(true, false), irqLog);
        wr(GLOBAL, 0);
        wr(CTRL, Lpuart.CTRL_TE);
        assertEquals(Lpuart.CTRL_TE, rd(CTRL));
    }

    /**
     * Linux's fsl_lpuart start-up and interrupt-driven output, as lpuart32_startup /
     * lpuart32_setup_watermark / lpuart32_set_termios / lpuart32_transmit_buf perform them:
     * reset through GLOBAL, FIFOs on and flushed, watermarks, baud, TE|RE|RIE|TIE, then fill DATA
     * while TXCOUNT is below the FIFO size, and stop TIE when done.
     */
    @Test
    void linuxDriverSequence() {
        wr(GLOBAL, Lpuart.GLOBAL_RST);
        wr(GLOBAL, 0);
        long fifoReg = rd(FIFO);
        int txFifoSize = 1 << (((fifoReg >> 4) & 7) + 1);
        assertEquals(64, txFifoSize, "UARTFIFO_DEPTH of the TXFIFOSIZE field");
        wr(FIFO, fifoReg | Lpuart.FIFO_TXFE | Lpuart.FIFO_RXFE | Lpuart.FIFO_TXFLUSH | Lpuart.FIFO_RXFLUSH);
        wr(WATER, 1L << 16);
        wr(BAUD, 0x1300_0023);
        wr(CTRL, Lpuart.CTRL_RE | Lpuart.CTRL_TE | Lpuart.CTRL_RIE | Lpuart.CTRL_TIE);
        assertEquals(List.of(true), irqLog, "TDRE interrupt to start transmission");
        String msg = "Welcome to hvlab\r\n";
        int i = 0;
        while (i < msg.length() && ((rd(WATER) >> 8) & 0xFF) < txFifoSize) {
            wr(DATA, msg.charAt(i++));
        }
        wr(CTRL, rd(CTRL) & ~Lpuart.CTRL_TIE);
        assertEquals(msg, out());
        assertEquals(List.of(true, false), irqLog);
        uart.receive("ls\r".getBytes(StandardCharsets.US_ASCII), 0, 3);
        assertEquals(List.of(true, false, true), irqLog, "RDRF: 3 words > RXWATER 1");
        StringBuilder got = new StringBuilder();
        while ((rd(FIFO) & Lpuart.FIFO_RXEMPT) == 0) {
            got.append((char) rd(DATA));
        }
        assertEquals("ls\r", got.toString());
        assertEquals(List.of(true, false, true, false), irqLog);
    }

    /** lpuart32 earlycon: poll STAT.TDRE at base + 0x10 + 0x04, write DATA at base + 0x10 + 0x0C, by a real CPU. */
    @Test
    void earlyconOnACpuPrints() {
        long ram = 0x8000_0000L;
        long uartBase = 0x5A06_0000L; // LPUART0 on i.MX 8QM
        PhysicalMemory memory = new PhysicalMemory();
        memory.addRam(ram, 1 << 16);
        memory.addDevice(uartBase, 0x1_0000, "lpuart0", uart);
        uart.enableAsFirmwareLeftIt();
        byte[] text = "earlycon\n\0".getBytes(StandardCharsets.US_ASCII);
        long textAddr = ram + 0x1000;
        memory.write(textAddr, text, 0, text.length);

        Assembler a = new Assembler(ram);
        Assembler.Label next = a.newLabel();
        Assembler.Label poll = a.newLabel();
        Assembler.Label done = a.newLabel();
        a.mov(1, uartBase).mov(4, textAddr);
        a.bind(next).ldrb(3, 4, 0).cbz(3, done).add(4, 4, 1);
        a.bind(poll).ldrw(2, 1, Lpuart.STAT).tbz(2, 23, poll); // wait for TDRE
        a.strw(3, 1, Lpuart.DATA).b(next);
        a.bind(done).brk(0);
        byte[] code = a.bytes();
        memory.write(ram, code, 0, code.length);
        Cpu cpu = new Cpu(0, memory, A64.decoder());
        cpu.el = 1;
        cpu.spSel = 1;
        cpu.pc = ram;
        boolean[] brk = {false};
        cpu.setExceptionHandler((c, e) -> {
            brk[0] = e.ec == 0x3C;
            c.requestStop();
            return e.preferredReturn;
        });
        cpu.run(10_000);
        assertTrue(brk[0], "reached the end of the string");
        assertEquals("earlycon\n", out());
        assertFalse(uart.interruptLevel());
    }
}
