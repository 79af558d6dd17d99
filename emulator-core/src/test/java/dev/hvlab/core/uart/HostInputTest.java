package dev.hvlab.core.uart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Host input reaches a UART only when delivered, and what the UART cannot take waits. */
class HostInputTest {
    @Test
    void deliversOnlyWhatTheReceiverAccepts() throws InterruptedException {
        HostInput in = new HostInput(new ByteArrayInputStream("xyz".getBytes(StandardCharsets.US_ASCII)));
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!in.ended() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertTrue(in.ended());
        Pl011 uart = new Pl011("uart0", new ByteArrayOutputStream(), level -> { });
        assertEquals(0, in.deliverTo(uart), "UART disabled: nothing taken");
        uart.enableAsFirmwareLeftIt(); // FIFO off: one character at a time
        assertEquals(1, in.deliverTo(uart));
        assertEquals('x', uart.read(0, Pl011.DR, 4));
        assertEquals(1, in.deliverTo(uart));
        assertEquals('y', uart.read(0, Pl011.DR, 4));
        assertEquals('z', in.read());
        assertEquals(-1, in.read());
    }
}
