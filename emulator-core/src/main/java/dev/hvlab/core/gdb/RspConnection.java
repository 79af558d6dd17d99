package dev.hvlab.core.gdb;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One gdb client: a reader thread decodes the incoming bytes, answers each packet with {@code +}
 * or {@code -} (until no-ack mode), and reports Ctrl-C at once through {@code onInterrupt}, so an
 * interrupt reaches a running guest while the serving thread is inside the target's run loop.
 */
public final class RspConnection implements AutoCloseable {
    private static final Object EOF = new Object();
    private static final int ACK_TIMEOUT_SECONDS = 10;

    private final InputStream in;
    private final OutputStream out;
    private final Runnable onInterrupt;
    private final BlockingQueue<Object> packets = new LinkedBlockingQueue<>();
    private final BlockingQueue<RspDecoder.Kind> acks = new LinkedBlockingQueue<>();
    private final Thread reader;
    private volatile boolean noAck;

    public RspConnection(InputStream in, OutputStream out, Runnable onInterrupt) {
        this.in = in;
        this.out = out;
        this.onInterrupt = onInterrupt;
        this.reader = new Thread(this::readLoop, "gdb-rsp-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void readLoop() {
        RspDecoder decoder = new RspDecoder();
        try {
            int b;
            while ((b = in.read()) >= 0) {
                RspDecoder.Event e = decoder.feed(b);
                if (e == null) {
                    continue;
                }
                switch (e.kind()) {
                    case PACKET -> {
                        if (!noAck) {
                            writeRaw(new byte[] {'+'});
                        }
                        packets.add(e.payload());
                    }
                    case BAD_CHECKSUM -> {
                        if (!noAck) {
                            writeRaw(new byte[] {'-'});
                        }
                    }
                    case INTERRUPT -> onInterrupt.run();
                    default -> acks.add(e.kind());
                }
            }
        } catch (IOException e) {
            // the client went away: the serving thread sees the end of the stream
        } finally {
            packets.add(EOF);
            acks.add(RspDecoder.Kind.NAK);
            onInterrupt.run(); // a client gone while the guest runs: stop it so the session can end
        }
    }

    /** The next packet's payload (bytes as chars 0-255), or null when the client disconnected. */
    public String receive() throws InterruptedException {
        Object p = packets.take();
        if (p == EOF) {
            packets.add(EOF);
            return null;
        }
        return new String((byte[]) p, StandardCharsets.ISO_8859_1);
    }

    /** Sends one packet; in ack mode, resends it until gdb acknowledges it. */
    public void send(String payload) throws IOException, InterruptedException {
        byte[] frame = RspPackets.frame(payload);
        for (int attempt = 0; ; attempt++) {
            writeRaw(frame);
            if (noAck) {
                return;
            }
            RspDecoder.Kind k = acks.poll(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (k == RspDecoder.Kind.ACK || !reader.isAlive() || attempt >= 3) {
                return;
            }
        }
    }

    /** QStartNoAckMode: after the OK to it, neither side acknowledges packets. */
    public void setNoAck(boolean noAck) {
        this.noAck = noAck;
    }

    private void writeRaw(byte[] b) throws IOException {
        synchronized (out) {
            out.write(b);
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
        out.close();
    }
}
