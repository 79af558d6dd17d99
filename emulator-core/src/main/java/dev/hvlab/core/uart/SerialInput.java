package dev.hvlab.core.uart;

import dev.hvlab.core.time.Event;
import dev.hvlab.core.time.EventQueue;

/**
 * Connects {@link HostInput} to a UART's receive line on the machine's clock: an event every
 * {@code periodPs} of simulated time hands the UART what it has room for, and the rest waits for the
 * next delivery, so no byte is lost however slowly the guest reads. Once the host stream has ended
 * and everything was delivered the event stops, so a guest waiting for input that can never come
 * is reported as halted rather than kept alive by the poll.
 */
public final class SerialInput {
    /** A 9600..115200 baud line carries one character in 87..1042 us; one delivery per ms keeps up. */
    public static final long DEFAULT_PERIOD_PS = EventQueue.PS_PER_SECOND / 1000;

    private final HostInput input;
    private final SerialPort port;
    private final EventQueue queue;
    private final long periodPs;
    private final Event delivery = new Event("serial input", this::deliver);

    private SerialInput(HostInput input, SerialPort port, EventQueue queue, long periodPs) {
        this.input = input;
        this.port = port;
        this.queue = queue;
        this.periodPs = periodPs;
    }

    /** Delivers {@code input} to {@code port} every {@code periodPs}, starting one period from now. */
    public static SerialInput connect(HostInput input, SerialPort port, EventQueue queue, long periodPs) {
        SerialInput s = new SerialInput(input, port, queue, periodPs);
        queue.schedule(s.delivery, queue.now() + periodPs);
        return s;
    }

    private void deliver() {
        input.deliverTo(port);
        if (!input.drained()) {
            queue.schedule(delivery, queue.now() + periodPs);
        }
    }
}
