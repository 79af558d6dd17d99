package dev.hvlab.core.uart;

import static dev.hvlab.core.uart.Pl011.CR;
import static dev.hvlab.core.uart.Pl011.DR;
import static dev.hvlab.core.uart.Pl011.FR;
import static dev.hvlab.core.uart.Pl011.ICR;
import static dev.hvlab.core.uart.Pl011.IFLS;
import static dev.hvlab.core.uart.Pl011.IMSC;
import static dev.hvlab.core.uart.Pl011.LCR_H;
import static dev.hvlab.core.uart.Pl011.MIS;
import static dev.hvlab.core.uart.Pl011.RIS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.mem.BusErrorException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The PL011 against its TRM (ARM DDI 0183G, chapter 3 "Programmers Model": offsets, reset values, bit assignments). */
class Pl011Test {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final List<Boolean> irqLog = new ArrayList<>();
    private final Pl011 uart = new Pl011("uart0", out, irqLog::add);

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
    void resetValuesAndIdentification() {
        assertEquals(0x90, rd(FR), "TXFE | RXFE");
        assertEquals(0x300, rd(CR), "TXE | RXE, UART disabled");
        assertEquals(0x12, rd(IFLS), "1/2 trigger levels");
        assertEquals(0, rd(IMSC));
        assertEquals(0, rd(RIS), "no transmit interrupt at reset: it is raised by a transition");
        assertEquals(0, rd(LCR_H));
        int[] id = {0x11, 0x10, 0x34, 0x00, 0x0D, 0xF0, 0x05, 0xB1};
        for (int i = 0; i < 8; i++) {
            assertEquals(id[i], rd(0xFE0 + 4 * i), "ID register " + i);
        }
        assertTrue(irqLog.isEmpty());
    }

    @Test
    void reservedOffsetsAreRazWiAndReadOnlyOnesIgnoreWrites() {
        wr(0x008, 0xFF);
        assertEquals(0, rd(0x008));
        wr(FR, 0);
        assertEquals(0x90, rd(FR));
        wr(0xFE0, 0);
        assertEquals(0x11, rd(0xFE0));
        wr(CR, 0xFFFF_FFFFL);
        assertEquals(0xFF87, rd(CR), "bits 6:3 reserved, 31:16 reserved");
    }

    @Test
    void narrowAccessesAsLinuxUsesThem() {
        uart.enableAsFirmwareLeftIt();
        uart.write(0, DR, 'A', 1); // earlycon writeb
        uart.write(0, DR, 'B', 2); // amba-pl011 writew
        assertEquals("AB", out());
        assertEquals(0x90, uart.read(0, FR, 2));
        assertEquals(0x34, uart.read(0, 0xFE8, 1));
        assertEquals(0x03, uart.read(0, CR + 1, 1), "upper byte of UARTCR: TXE | RXE");
        uart.write(0, CR + 1, 0, 1);
        assertEquals(0x301, rd(CR), "a write to an upper byte is ignored");
        assertThrows(BusErrorException.class, () -> uart.read(0, DR, 8));
    }

    @Test
    void transmitNeedsUartenAndTxe() {
        wr(DR, 'x');
        assertEquals("", out(), "UARTEN clear");
        assertEquals(Pl011.FR_BUSY | Pl011.FR_TXFF | Pl011.FR_RXFE, rd(FR), "holding register full");
        wr(CR, Pl011.CR_UARTEN | Pl011.CR_TXE);
        assertEquals("x", out());
        assertEquals(0x90, rd(FR));
    }

    @Test
    void transmitInterruptAfterEachDrainClearedByIcr() {
        wr(CR, Pl011.CR_UARTEN | Pl011.CR_TXE | Pl011.CR_RXE);
        wr(IMSC, Pl011.INT_TX);
        assertTrue(irqLog.isEmpty());
        wr(DR, 'o');
        assertEquals(Pl011.INT_TX, rd(RIS));
        assertEquals(Pl011.INT_TX, rd(MIS));
        assertEquals(List.of(true), irqLog);
        wr(ICR, Pl011.INT_TX);
        assertEquals(0, rd(RIS));
        assertEquals(List.of(true, false), irqLog);
        wr(DR, 'k');
        wr(IMSC, 0);
        assertEquals(Pl011.INT_TX, rd(RIS), "raw status stays with the mask cleared");
        assertEquals(0, rd(MIS));
        assertEquals(List.of(true, false, true, false), irqLog);
        assertEquals("ok", out());
    }

    @Test
    void receiveTriggerLevelAndTimeout() {
        assertEquals(0, uart.receive(new byte[] {1}, 0, 1), "UART disabled");
        wr(CR, Pl011.CR_UARTEN | Pl011.CR_RXE | Pl011.CR_TXE);
        wr(LCR_H, Pl011.LCR_H_FEN | 0x60); // FIFOs on, 8 bits
        wr(IFLS, 0); // RX trigger 1/8 = 2 characters
        wr(IMSC, Pl011.INT_RX | Pl011.INT_RT);
        assertEquals(1, uart.receive("a".getBytes(StandardCharsets.US_ASCII), 0, 1));
        assertEquals(Pl011.INT_RT, rd(RIS), "one character, below the trigger: only the timeout");
        assertEquals(List.of(true), irqLog);
        assertEquals(1, uart.receive("b".getBytes(StandardCharsets.US_ASCII), 0, 1));
        assertEquals(Pl011.INT_RT | Pl011.INT_RX, rd(RIS));
        assertEquals('a', rd(DR));
        assertEquals(Pl011.INT_RT, rd(RIS), "below the trigger again");
        assertEquals('b', rd(DR));
        assertEquals(0, rd(RIS), "FIFO empty: timeout cleared");
        assertEquals(List.of(true, false), irqLog);
        assertEquals(Pl011.FR_RXFE | Pl011.FR_TXFE, rd(FR));
    }

    @Test
    void fullFifoAcceptsNoMoreFromTheMachineAndLoopbackOverruns() {
        wr(CR, Pl011.CR_UARTEN | Pl011.CR_RXE | Pl011.CR_TXE);
        wr(LCR_H, Pl011.LCR_H_FEN);
        byte[] many = new byte[20];
        assertEquals(16, uart.receive(many, 0, 20));
        assertEquals(Pl011.FR_RXFF | Pl011.FR_TXFE, rd(FR));
        wr(CR, Pl011.CR_UARTEN | Pl011.CR_RXE | Pl011.CR_TXE | Pl011.CR_LBE);
        wr(IMSC, Pl011.INT_OE);
        wr(DR, 'z');
        assertEquals("", out());
        assertEquals(8, rd(Pl011.RSR_ECR), "OE");
        assertTrue(uart.interruptLevel());
        wr(Pl011.RSR_ECR, 0);
        assertEquals(0, rd(Pl011.RSR_ECR));
        wr(ICR, 0x7FF);
        assertTrue(!uart.interruptLevel());
    }
}
