package dev.hvlab.core.gdb;

import java.io.ByteArrayOutputStream;

/**
 * Turns the byte stream from gdb into events: packets (checked, unescaped), acknowledgements
 * ({@code +}, {@code -}) and the interrupt byte 0x03, which only counts outside a packet (binary
 * {@code X} data may contain it).
 */
public final class RspDecoder {
    /** What arrived. */
    public enum Kind { PACKET, ACK, NAK, INTERRUPT, BAD_CHECKSUM }

    /** One event; {@code payload} is set for {@link Kind#PACKET}. */
    public record Event(Kind kind, byte[] payload) {
    }

    private enum State { IDLE, BODY, SUM1, SUM2 }

    private State state = State.IDLE;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private boolean escaped;
    private int sum;
    private int given;

    /** Feeds one byte; returns the event it completes, or null. */
    public Event feed(int b) {
        b &= 0xFF;
        switch (state) {
            case IDLE -> {
                if (b == '$') {
                    body.reset();
                    escaped = false;
                    state = State.BODY;
                } else if (b == '+') {
                    return new Event(Kind.ACK, null);
                } else if (b == '-') {
                    return new Event(Kind.NAK, null);
                } else if (b == 0x03) {
                    return new Event(Kind.INTERRUPT, null);
                }
                return null; // noise between packets is ignored
            }
            case BODY -> {
                if (b == '#' && !escaped) {
                    state = State.SUM1;
                } else {
                    // '}' escapes the next byte, even a '#'
                    escaped = !escaped && b == '}';
                    body.write(b);
                }
                return null;
            }
            case SUM1 -> {
                given = Character.digit(b, 16) << 4;
                state = State.SUM2;
                return null;
            }
            default -> {
                given |= Character.digit(b, 16);
                state = State.IDLE;
                byte[] raw = body.toByteArray();
                sum = RspPackets.checksum(raw, 0, raw.length);
                if (given != sum) {
                    return new Event(Kind.BAD_CHECKSUM, null);
                }
                return new Event(Kind.PACKET, RspPackets.decodeBody(raw));
            }
        }
    }

    /** Whether the decoder is between packets (the interrupt byte means Ctrl-C only then). */
    public boolean idle() {
        return state == State.IDLE;
    }
}
