package dev.hvlab.hv.xen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The vpl011 registers as xen/arch/arm/vpl011.c emulates them with the back end in Xen. */
class Vpl011Test {
    private final ByteArrayOutputStream raw = new ByteArrayOutputStream();
    private final ByteArrayOutputStream lines = new ByteArrayOutputStream();
    private boolean focus = true;
    private final Vpl011 u = new Vpl011(new Vpl011.Output() {
        @Override
        public boolean hasFocus() {
            return focus;
        }

        @Override
        public void raw(byte[] bytes, int len) {
            raw.write(bytes, 0, len);
        }

        @Override
        public void line(byte[] bytes, int len) {
            lines.write('|');
            lines.write(bytes, 0, len);
        }
    });

    private void puts(String s) {
        for (byte b : s.getBytes(StandardCharsets.ISO_8859_1)) {
            assertTrue(u.write(Vpl011.DR, b, 4));
        }
    }

    @Test
    void resetStateIsTransmitAndReceiveFifosEmptyAndNoInterrupt() {
        assertEquals(Vpl011.FR_TXFE | Vpl011.FR_RXFE, u.read(Vpl011.FR, 4));
        assertEquals(0, u.read(Vpl011.RIS, 4));
        assertEquals(0, u.read(Vpl011.MIS, 4));
        assertEquals(0, u.read(Vpl011.IMSC, 4));
        assertEquals(0, u.read(Vpl011.RSR, 4));
        assertEquals(0, u.read(Vpl011.DR, 4), "an empty ring reads 0");
        // The PL011 ID registers (0xFE0-0xFFC) and other offsets read as zero in Xen.
        assertEquals(0, u.read(0xFE0, 4));
        assertEquals(0, u.read(0xFFC, 4));
        assertEquals(0, u.read(0x24, 4));
        assertFalse(u.takeInjection());
    }

    @Test
    void refusedAccessesBecomeDataAborts() {
        assertEquals(-1, u.read(Vpl011.DR, 8), "64-bit: bad width");
        assertEquals(-1, u.read(Vpl011.FR, 8));
        assertEquals(-1, u.read(Vpl011.ICR, 4), "ICR is write-only and Xen fails the read");
        assertFalse(u.write(Vpl011.DR, 'x', 8));
        assertFalse(u.write(Vpl011.IMSC, 0, 8));
        assertTrue(u.write(Vpl011.FR, 0, 8), "FR, RIS and MIS writes are ignored at any width");
        assertTrue(u.write(Vpl011.RIS, 0xFF, 4));
        assertEquals(0, u.read(Vpl011.RIS, 4));
        assertEquals(0, raw.size());
    }

    @Test
    void focusOutputGoesOutByteByByteAndSetsTxi() {
        puts("ab");
        assertEquals("ab", raw.toString(StandardCharsets.ISO_8859_1));
        assertEquals(0, u.read(Vpl011.FR, 4) & Vpl011.FR_TXFE, "TXFE cleared by a write");
        assertEquals(Vpl011.TXI, u.read(Vpl011.RIS, 4));
        assertFalse(u.takeInjection(), "masked");
        assertTrue(u.write(Vpl011.IMSC, Vpl011.TXI, 4));
        assertTrue(u.takeInjection(), "unmasking a raised TXI is a rising edge of MIS");
        assertEquals(Vpl011.TXI, u.read(Vpl011.MIS, 4));
        puts("c");
        assertFalse(u.takeInjection(), "TXI still set: no new edge (Xen's old vGIC injects on edges)");
        assertTrue(u.write(Vpl011.ICR, Vpl011.TXI, 4));
        assertEquals(0, u.read(Vpl011.MIS, 4));
        assertFalse(u.takeInjection());
        puts("d");
        assertTrue(u.takeInjection(), "cleared then raised again");
    }

    @Test
    void withoutFocusOutputIsBufferedByTheLine() {
        focus = false;
        puts("hello");
        assertEquals(0, lines.size());
        puts("\n");
        assertEquals("|hello\n", lines.toString(StandardCharsets.ISO_8859_1));
        lines.reset();
        puts("x".repeat(Vpl011.OUT_BUF_SIZE - 2));
        assertEquals("|" + "x".repeat(126) + "\n", lines.toString(StandardCharsets.ISO_8859_1),
                "a full buffer (128 - 2) is flushed with a newline added");
        assertEquals(0, raw.size());
    }

    @Test
    void receiveRingFlagsAndInterrupts() {
        assertTrue(u.write(Vpl011.IMSC, Vpl011.RXI | Vpl011.RTI, 4));
        assertFalse(u.takeInjection());
        u.receive((byte) 'a');
        assertEquals(0, u.read(Vpl011.FR, 4) & Vpl011.FR_RXFE);
        assertEquals(Vpl011.RTI, u.read(Vpl011.MIS, 4), "the receive timeout at once, RXI only from half full");
        assertTrue(u.takeInjection());
        for (int i = 1; i < 16; i++) {
            u.receive((byte) ('a' + i));
        }
        assertEquals(Vpl011.RTI | Vpl011.RXI, u.read(Vpl011.MIS, 4), "16 bytes: half full");
        assertTrue(u.takeInjection(), "RXI is a new MIS bit");
        for (int i = 16; i < 32; i++) {
            u.receive((byte) 'z');
        }
        assertEquals(Vpl011.FR_RXFF, u.read(Vpl011.FR, 4) & Vpl011.FR_RXFF);
        u.receive((byte) '!');
        assertEquals(32, u.rxLevel(), "a full ring drops the byte");
        assertEquals('a', u.read(Vpl011.DR, 4));
        assertEquals(0, u.read(Vpl011.FR, 4) & Vpl011.FR_RXFF);
        assertEquals('b', u.read(Vpl011.DR, 1), "byte access");
        for (int i = 2; i < 16; i++) {
            u.read(Vpl011.DR, 4);
        }
        assertEquals(Vpl011.RTI | Vpl011.RXI, u.read(Vpl011.RIS, 4) & (Vpl011.RTI | Vpl011.RXI), "16 left");
        u.read(Vpl011.DR, 4);
        assertEquals(Vpl011.RTI, u.read(Vpl011.RIS, 4) & (Vpl011.RTI | Vpl011.RXI), "below half: RXI cleared");
        while (u.rxLevel() > 0) {
            u.read(Vpl011.DR, 4);
        }
        assertEquals(Vpl011.FR_RXFE, u.read(Vpl011.FR, 4) & Vpl011.FR_RXFE);
        assertEquals(0, u.read(Vpl011.RIS, 4) & Vpl011.RTI, "empty: RTI cleared");
    }

    @Test
    void narrowImscWritesUpdateOnlyTheirBytes() {
        assertTrue(u.write(Vpl011.IMSC, 0x7FF, 4));
        assertTrue(u.write(Vpl011.IMSC, 0x00, 1));
        assertEquals(0x700, u.read(Vpl011.IMSC, 4));
        assertEquals(0x00, u.read(Vpl011.IMSC, 1));
    }
}
