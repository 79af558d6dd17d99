package dev.hvlab.core.gdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The packet layer: checksums, escapes, run-length decoding, acks and the interrupt byte. */
class GdbPacketTest {
    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static List<RspDecoder.Event> decode(String bytes) {
        RspDecoder d = new RspDecoder();
        List<RspDecoder.Event> events = new ArrayList<>();
        for (byte b : ascii(bytes)) {
            RspDecoder.Event e = d.feed(b);
            if (e != null) {
                events.add(e);
            }
        }
        return events;
    }

    @Test
    void checksumIsTheModulo256SumOfThePayload() {
        // 'O' + 'K' = 0x4f + 0x4b = 0x9a
        assertEquals("$OK#9a", new String(RspPackets.frame("OK"), StandardCharsets.ISO_8859_1));
        // empty payload: sum 0
        assertEquals("$#00", new String(RspPackets.frame(""), StandardCharsets.ISO_8859_1));
        byte[] b = ascii("qSupported");
        int sum = 0;
        for (byte x : b) {
            sum += x;
        }
        assertEquals(sum & 0xFF, RspPackets.checksum(b, 0, b.length));
    }

    @Test
    void specialBytesAreEscapedWithXor0x20() {
        // '$' 0x24 -> 0x04, '#' 0x23 -> 0x03, '}' 0x7d -> 0x5d, '*' 0x2a -> 0x0a
        byte[] f = RspPackets.frame("a$#}*b");
        byte[] body = {'a', '}', 0x04, '}', 0x03, '}', 0x5d, '}', 0x0a, 'b'};
        byte[] expected = new byte[body.length + 4];
        expected[0] = '$';
        System.arraycopy(body, 0, expected, 1, body.length);
        int sum = RspPackets.checksum(body, 0, body.length);
        expected[body.length + 1] = '#';
        expected[body.length + 2] = (byte) Character.forDigit(sum >>> 4, 16);
        expected[body.length + 3] = (byte) Character.forDigit(sum & 0xF, 16);
        assertArrayEquals(expected, f);
        // and the decoder gives back the original payload
        List<RspDecoder.Event> e = decode(new String(f, StandardCharsets.ISO_8859_1));
        assertEquals(1, e.size());
        assertEquals("a$#}*b", new String(e.get(0).payload(), StandardCharsets.ISO_8859_1));
    }

    @Test
    void runLengthEncodingRepeatsThePreviousByte() {
        // "0* " : ' ' is 32, so 32 - 29 = 3 more '0's
        assertEquals("0000", new String(RspPackets.decodeBody(ascii("0* ")), StandardCharsets.ISO_8859_1));
        assertEquals("ab{{{{{{{c", new String(RspPackets.decodeBody(ascii("ab{*$c".replace('$', (char) 35))),
                StandardCharsets.ISO_8859_1)); // '#' = 35 -> 6 more
    }

    @Test
    void decoderSeparatesAcksInterruptsAndPackets() {
        List<RspDecoder.Event> e = decode("+-\u0003$m0,4#fd+");
        assertEquals(RspDecoder.Kind.ACK, e.get(0).kind());
        assertEquals(RspDecoder.Kind.NAK, e.get(1).kind());
        assertEquals(RspDecoder.Kind.INTERRUPT, e.get(2).kind());
        assertEquals(RspDecoder.Kind.PACKET, e.get(3).kind());
        assertEquals("m0,4", new String(e.get(3).payload(), StandardCharsets.ISO_8859_1));
        assertEquals(RspDecoder.Kind.ACK, e.get(4).kind());
    }

    @Test
    void interruptByteInsideAPacketIsData() {
        byte[] body = {'X', '0', ',', '1', ':', 0x03};
        String s = "$" + new String(body, StandardCharsets.ISO_8859_1) + "#"
                + String.format("%02x", RspPackets.checksum(body, 0, body.length));
        List<RspDecoder.Event> e = decode(s);
        assertEquals(1, e.size());
        assertEquals(RspDecoder.Kind.PACKET, e.get(0).kind());
        assertEquals(0x03, e.get(0).payload()[5]);
    }

    @Test
    void badChecksumIsReported() {
        List<RspDecoder.Event> e = decode("$OK#9b$OK#9A");
        assertEquals(RspDecoder.Kind.BAD_CHECKSUM, e.get(0).kind());
        assertEquals(RspDecoder.Kind.PACKET, e.get(1).kind()); // hex digits in either case
    }

    @Test
    void connectionAcksGoodPacketsNaksBadOnesAndReportsCtrlC() throws Exception {
        PipedOutputStream toStub = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(toStub);
        ByteArrayOutputStream fromStub = new ByteArrayOutputStream();
        AtomicInteger interrupts = new AtomicInteger();
        RspConnection c = new RspConnection(in, fromStub, interrupts::incrementAndGet);
        toStub.write(ascii("$g#67$g#00\u0003$?#3f"));
        toStub.flush();
        assertEquals("g", c.receive());
        assertEquals("?", c.receive());
        assertEquals(1, interrupts.get());
        synchronized (fromStub) {
            assertEquals("+-+", fromStub.toString(StandardCharsets.ISO_8859_1));
        }
        c.setNoAck(true);
        c.send("OK");
        synchronized (fromStub) {
            assertEquals("+-+$OK#9a", fromStub.toString(StandardCharsets.ISO_8859_1));
        }
        toStub.close();
        assertNull(c.receive());
    }

    @Test
    void hexHelpersAreLittleEndianForRegisters() {
        assertEquals("efcdab8967452301", RspPackets.hexLe(0x0123456789abcdefL, 8));
        assertEquals(0x0123456789abcdefL, RspPackets.parseLe("efcdab8967452301", 0, 8));
        assertEquals("6869", RspPackets.hexText("hi"));
        assertEquals("hi", RspPackets.unhexText("6869"));
    }
}
