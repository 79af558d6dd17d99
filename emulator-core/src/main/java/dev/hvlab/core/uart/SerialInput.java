package dev.hvlab.core.uart;

import dev.hvlab.core.time.Event;
import dev.hvlab.core.time.EventQueue;

/**
 * Connects {@link HostInput} to a UART's receive line on the machine's clock: an event every
 * {@code periodPs} of simulated time hands the UART what it has room for, and the rest waits for the
 * next delivery, so no byte is lost however slowly the guest reads. Once the host stream has ended
 * and everything was delivered the event stops, so a guest waiting for input that can never come
 * is reported as halted rather than kept alive by the poll.
 *
 * <p>An interactive console is paced: a guest idling at its shell prompt would otherwise let
 * simulated time race ahead of the person typing (the machine jumps from one event to the next),
 * so that time-outs and {@code --max-time} expire before the input comes. When simulated time
 * between two deliveries ran ahead of the host clock, the delivery waits the difference on the
 * host. A busy guest is never slowed (the interpreter runs slower than real time), and input
 * from a file is never paced: pacing changes host time only, never the run.
 */
public final class SerialInput {
    /** A 9600..115200 baud line carries one character in 87..1042 us; one delivery per ms keeps up. */
    public static final long DEFAULT_PERIOD_PS = EventQueue.PS_PER_SECOND / 1000;

    private final HostInput input;
    private final SerialPort port;
    private final EventQueue queue;
    private final long periodPs;
    private final Event delivery = new Event("serial input", this::deliver);
    private final boolean paced;
    /** The simulated and host times of the last delivery (paced consoles only). */
    private long lastPs = -1;
    private long lastHostNs;

    private SerialInput(HostInput input, SerialPort port, EventQueue queue, long periodPs, boolean paced) {
        this.input = input;
        this.port = port;
        this.queue = queue;
        this.periodPs = periodPs;
        this.paced = paced;
    }

    /** Delivers {@code input} to {@code port} every {@code periodPs}, starting one period from now. */
    public static SerialInput connect(HostInput input, SerialPort port, EventQueue queue, long periodPs) {
        return connect(input, port, queue, periodPs, false);
    }

    /** As {@link #connect(HostInput, SerialPort, EventQueue, long)}; {@code paced} for a person typing. */
    public static SerialInput connect(HostInput input, SerialPort port, EventQueue queue, long periodPs, boolean paced) {
        SerialInput s = new SerialInput(input, port, queue, periodPs, paced);
        queue.schedule(s.delivery, queue.now() + periodPs);
        return s;
    }

    /** At most this long a wait on the host per delivery (a guest that jumps far ahead catches up gradually). */
    private static final long MAX_WAIT_NS = 100_000_000L;

    private void pace() {
        long now = queue.now();
        if (lastPs >= 0) {
            long ahead = (now - lastPs) / 1000 - (System.nanoTime() - lastHostNs);
            if (ahead > 0) {
                try {
                    Thread.sleep(Math.min(ahead, MAX_WAIT_NS) / 1_000_000, (int) (Math.min(ahead, MAX_WAIT_NS) % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        lastPs = now;
        lastHostNs = System.nanoTime();
    }

    private void deliver() {
        if (paced) {
            pace();
        }
        input.deliverTo(port);
        if (!input.drained()) {
            queue.schedule(delivery, queue.now() + periodPs);
        }
    }
}
