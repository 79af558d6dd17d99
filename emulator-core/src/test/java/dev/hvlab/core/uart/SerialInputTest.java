package dev.hvlab.core.uart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.time.EventQueue;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Input reaches the UART only at delivery times, one FIFO-full at a time, and the poll ends with the input. */
class SerialInputTest {
    private static final long MS = EventQueue.PS_PER_SECOND / 1000;

    @Test
    void deliversEachPeriodWhatTheFifoTakesAndStopsWhenDrained() {
        EventQueue q = new EventQueue();
        Pl011 uart = new Pl011("uart0", new ByteArrayOutputStream(), level -> { });
        uart.enableAsFirmwareLeftIt(); // FIFO off: a one-character holding register
        SerialInput.connect(HostInput.of("ab".getBytes(StandardCharsets.US_ASCII)), uart, q, MS);
        q.advanceTo(MS - 1);
        assertEquals(Pl011.FR_RXFE, uart.read(0, Pl011.FR, 4) & Pl011.FR_RXFE, "nothing before the first delivery");
        q.advanceTo(MS);
        assertEquals('a', uart.read(0, Pl011.DR, 4));
        assertTrue(q.nextTime() == 2 * MS, "'b' waits for the next period");
        q.advanceTo(2 * MS);
        assertEquals('b', uart.read(0, Pl011.DR, 4));
        assertTrue(q.isEmpty(), "input drained: no more polling");
    }

    /** Paced, simulated time may not outrun the host clock: 20 idle ms take at least ~20 ms on the host. */
    @Test
    void aPacedConsoleKeepsSimulatedTimeFromRunningAheadOfTheHost() throws Exception {
        EventQueue q = new EventQueue();
        Pl011 uart = new Pl011("uart0", new ByteArrayOutputStream(), level -> { });
        java.io.PipedOutputStream typing = new java.io.PipedOutputStream();
        HostInput input = new HostInput(new java.io.PipedInputStream(typing));
        SerialInput.connect(input, uart, q, MS, true);
        long start = System.nanoTime();
        q.advanceTo(20 * MS);
        long hostMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(hostMs >= 15, "20 ms of simulated idling took " + hostMs + " ms on the host");
        typing.close();
    }
}
