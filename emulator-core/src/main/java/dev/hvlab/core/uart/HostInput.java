package dev.hvlab.core.uart;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Bytes typed on the host (an interactive console on stdin), collected by a daemon thread and
 * handed to a UART only when the machine asks ({@link #deliverTo}), at a point of simulated time
 * of its choosing. Nothing reaches the guest between those points, so a run without input, or
 * with input from a file fully read before the run, unfolds the same way every time. Bytes a UART
 * cannot take yet stay queued.
 */
public final class HostInput {
    private final ConcurrentLinkedQueue<Byte> pending = new ConcurrentLinkedQueue<>();
    private volatile boolean ended;

    /** Starts reading {@code in} on a daemon thread. */
    public HostInput(InputStream in) {
        Thread reader = new Thread(() -> {
            byte[] buf = new byte[256];
            try {
                for (int n; (n = in.read(buf)) > 0; ) {
                    for (int i = 0; i < n; i++) {
                        pending.add(buf[i]);
                    }
                }
            } catch (IOException e) {
                // the console went away: no more input
            }
            ended = true;
        }, "hvlab-host-input");
        reader.setDaemon(true);
        reader.start();
    }

    private HostInput() {
    }

    /** Input known in full before the run (a file): pending at once, so every run sees it alike. */
    public static HostInput of(byte[] data) {
        HostInput h = new HostInput();
        for (byte b : data) {
            h.pending.add(b);
        }
        h.ended = true;
        return h;
    }

    /** The host stream has ended and every byte read from it was collected. */
    public boolean ended() {
        return ended;
    }

    /** Nothing more will come: the stream ended and every byte was delivered or read. */
    public boolean drained() {
        return ended && pending.isEmpty();
    }

    /** Moves as many pending bytes as {@code port} accepts; returns how many. */
    public int deliverTo(SerialPort port) {
        int delivered = 0;
        byte[] one = new byte[1];
        for (Byte b = pending.peek(); b != null; b = pending.peek()) {
            one[0] = b;
            if (port.receive(one, 0, 1) == 0) {
                break;
            }
            pending.poll();
            delivered++;
        }
        return delivered;
    }

    /** The next pending byte or -1 (for a byte-at-a-time consumer such as semihosting's console). */
    public int read() {
        Byte b = pending.poll();
        return b == null ? -1 : b & 0xFF;
    }
}
