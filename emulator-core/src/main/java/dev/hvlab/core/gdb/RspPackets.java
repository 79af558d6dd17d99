package dev.hvlab.core.gdb;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Packet framing of the GDB Remote Serial Protocol (gdb manual, "Overview" of Remote Protocol):
 * {@code $payload#cc} where cc is the modulo-256 sum of the payload bytes in two hex digits;
 * {@code $ # } *} inside a payload are escaped as {@code }} followed by the byte XOR 0x20, and
 * {@code X*n} repeats X (n - 29) more times (run-length encoding, which we decode but never emit).
 */
public final class RspPackets {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private RspPackets() {
    }

    public static int checksum(byte[] b, int off, int len) {
        int sum = 0;
        for (int i = off; i < off + len; i++) {
            sum += b[i] & 0xFF;
        }
        return sum & 0xFF;
    }

    /** The framed bytes of {@code payload} (each char one byte), escaping the four special bytes. */
    public static byte[] frame(String payload) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(payload.length() + 8);
        for (int i = 0; i < payload.length(); i++) {
            int c = payload.charAt(i) & 0xFF;
            if (c == '$' || c == '#' || c == '}' || c == '*') {
                body.write('}');
                body.write(c ^ 0x20);
            } else {
                body.write(c);
            }
        }
        byte[] b = body.toByteArray();
        int sum = checksum(b, 0, b.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + 4);
        out.write('$');
        out.write(b, 0, b.length);
        out.write('#');
        out.write(HEX[sum >>> 4]);
        out.write(HEX[sum & 0xF]);
        return out.toByteArray();
    }

    /** Undoes run-length encoding and escapes (what arrived between '$' and '#'). */
    public static byte[] decodeBody(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
        int last = -1;
        for (int i = 0; i < raw.length; i++) {
            int c = raw[i] & 0xFF;
            if (c == '}' && i + 1 < raw.length) {
                last = (raw[++i] & 0xFF) ^ 0x20;
                out.write(last);
            } else if (c == '*' && last >= 0 && i + 1 < raw.length) {
                int repeat = (raw[++i] & 0xFF) - 29;
                for (int k = 0; k < repeat; k++) {
                    out.write(last);
                }
            } else {
                last = c;
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    // ---- hex helpers -------------------------------------------------------------------------

    public static String hex(byte[] b, int off, int len) {
        StringBuilder sb = new StringBuilder(len * 2);
        for (int i = off; i < off + len; i++) {
            sb.append((char) HEX[(b[i] >>> 4) & 0xF]).append((char) HEX[b[i] & 0xF]);
        }
        return sb.toString();
    }

    public static String hex(byte[] b) {
        return hex(b, 0, b.length);
    }

    /** Text as hex pairs ({@code O} console output, {@code qRcmd} arguments, thread extra info). */
    public static String hexText(String s) {
        return hex(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    public static byte[] unhex(String s) {
        if ((s.length() & 1) != 0) {
            throw new IllegalArgumentException("odd hex length");
        }
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    public static String unhexText(String s) {
        return new String(unhex(s), StandardCharsets.ISO_8859_1);
    }

    /** A little-endian value of {@code bytes} bytes as hex pairs (register contents). */
    public static String hexLe(long value, int bytes) {
        StringBuilder sb = new StringBuilder(bytes * 2);
        for (int i = 0; i < bytes; i++) {
            int b = (int) (value >>> (8 * i)) & 0xFF;
            sb.append((char) HEX[b >>> 4]).append((char) HEX[b & 0xF]);
        }
        return sb.toString();
    }

    /** Parses little-endian hex pairs ({@code hexLe}'s inverse), up to 8 bytes from {@code off}. */
    public static long parseLe(String s, int off, int bytes) {
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            v |= Long.parseLong(s.substring(off + 2 * i, off + 2 * i + 2), 16) << (8 * i);
        }
        return v;
    }
}
