package dev.hvlab.core.gdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.isa.A64;
import dev.hvlab.core.mem.PhysicalMemory;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A raw client over TCP: acks, no-ack mode, Ctrl-C while a guest spins, detach. */
class GdbStubSocketTest {
    private static final long RAM = 0x40000000L;

    private static String readPacket(InputStream in) throws Exception {
        int b;
        while ((b = in.read()) != '$') {
            assertTrue(b >= 0, "connection closed");
        }
        StringBuilder sb = new StringBuilder();
        while ((b = in.read()) != '#') {
            sb.append((char) b);
        }
        String sum = "" + (char) in.read() + (char) in.read();
        byte[] body = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(String.format("%02x", RspPackets.checksum(body, 0, body.length)), sum);
        return sb.toString();
    }

    @Test
    void ctrlCStopsASpinningGuestAndDetachEndsTheSession() throws Exception {
        PhysicalMemory m = new PhysicalMemory();
        m.addRam(RAM, 1 << 16);
        m.write(RAM, new byte[] {0x00, 0x00, 0x00, 0x14}, 0, 4); // B . (an endless loop)
        Cpu cpu = new Cpu(0, m, A64.decoder());
        cpu.pc = RAM;
        cpu.setExceptionHandler((c, e) -> {
            throw new AssertionError(e.getMessage());
        });
        SingleCpuTarget target = new SingleCpuTarget(cpu);
        try (GdbStub stub = GdbStub.listen(0)) {
            CompletableFuture<GdbStub.SessionEnd> session = CompletableFuture.supplyAsync(() -> {
                try {
                    return stub.serve(target);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), stub.port())) {
                s.setSoTimeout(30_000);
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                out.write(RspPackets.frame("QStartNoAckMode"));
                assertEquals('+', in.read());
                assertEquals("OK", readPacket(in));
                out.write('+');
                // no acks from here on
                out.write(RspPackets.frame("vCont;c"));
                out.flush();
                Thread.sleep(200);
                assertEquals(0, in.available(), "the guest spins: no stop reply yet");
                out.write(0x03);
                out.flush();
                assertEquals("T02thread:1;", readPacket(in));
                assertTrue(cpu.instructions > 0);
                assertEquals(RAM, cpu.pc, "stopped between instructions, at the loop");
                out.write(RspPackets.frame("D"));
                out.flush();
                assertEquals("OK", readPacket(in));
            }
            assertEquals(GdbStub.SessionEnd.DETACHED, session.get(30, TimeUnit.SECONDS));
        }
    }
}
