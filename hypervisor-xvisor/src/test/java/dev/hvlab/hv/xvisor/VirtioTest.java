package dev.hvlab.hv.xvisor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.asm.Assembler;
import dev.hvlab.core.hypervisor.CostLedger;
import dev.hvlab.core.hypervisor.El2Operations;
import dev.hvlab.core.mem.PhysicalMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The virtio-mmio back ends driven as a guest driver would (queue set-up through the emulated
 * registers, descriptors in guest RAM, QueueNotify), served by their orphan threads when the
 * scheduler runs them on the way out of EL2.
 */
class VirtioTest {
    private static final long BLK = 0x0A00_0000L;
    private static final long CON = 0x0A00_1000L;
    private static final long NET = 0x0A00_2000L;
    private static final long DESC = Guests.RAM + 0x10000;
    private static final long AVAIL = Guests.RAM + 0x11000;
    private static final long USED = Guests.RAM + 0x12000;
    private static final long BUF = Guests.RAM + 0x20000;

    @TempDir
    Path dir;

    private Rig rig;
    private GuestVm guest;
    private El2Operations ops;

    private void boot() throws Exception {
        Assembler a = new Assembler(Guests.RAM);
        Assembler.Label self = a.newLabel();
        a.bind(self);
        a.b(self);
        Path image = Guests.write(dir, "spin", a);
        XvisorConfig.Guest g = new XvisorConfig.Guest("g", image.toString(), List.of(Guests.vcpu(0, 3, 10_000, 1_000_000)),
                List.of(new XvisorConfig.Region("ram", XvisorConfig.RAM, Guests.RAM, Guests.RAM, Guests.RAM_SIZE)),
                List.of(new XvisorConfig.Device("gic", XvisorConfig.GICV2, Guests.GICD, 0, 0),
                        new XvisorConfig.Device("vblk", XvisorConfig.VIRTIO_BLOCK, BLK, 40, 0x1_0000),
                        new XvisorConfig.Device("vcon", XvisorConfig.VIRTIO_CONSOLE, CON, 41, 0),
                        new XvisorConfig.Device("vnet", XvisorConfig.VIRTIO_NET, NET, 42, 0)));
        rig = Rig.xvisor(Files.readAllBytes(image), Guests.config(XvisorConfig.PRR, List.of(g)));
        guest = rig.model.guest("g");
        ops = rig.dispatcher.beginSetup(0, "test");
    }

    private Virtio device(long base) {
        return (Virtio) guest.aspace.find(base).emulator();
    }

    private void reg(long base, int off, long value) {
        device(base).write(ops, guest.vcpus.get(0), off, value, 4);
    }

    private long reg(long base, int off) {
        return device(base).read(ops, guest.vcpus.get(0), off, 4);
    }

    private PhysicalMemory mem() {
        return rig.board.machine().memory();
    }

    private void put(long pa, ByteBuffer b) {
        mem().write(pa, b.array(), 0, b.position());
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    private long used(long off, int size) {
        byte[] b = new byte[size];
        mem().read(USED + off, b, 0, size);
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            v = v << 8 | (b[i] & 0xFF);
        }
        return v;
    }

    private void setUpQueue(long base, int q, int size) {
        reg(base, 0x030, q);
        reg(base, 0x038, size);
        reg(base, 0x080, DESC);
        reg(base, 0x084, 0);
        reg(base, 0x090, AVAIL);
        reg(base, 0x094, 0);
        reg(base, 0x0A0, USED);
        reg(base, 0x0A4, 0);
        reg(base, 0x044, 1);
    }

    private void descriptor(int i, long addr, int len, int flags, int next) {
        ByteBuffer d = le(16);
        d.putLong(addr).putInt(len).putShort((short) flags).putShort((short) next);
        put(DESC + 16L * i, d);
    }

    private void avail(int idx, int... heads) {
        ByteBuffer a = le(4 + 2 * heads.length);
        a.putShort((short) 0).putShort((short) idx);
        for (int h : heads) {
            a.putShort((short) h);
        }
        put(AVAIL, a);
    }

    /** The guest's notify, then the way out of EL2 where the orphan thread runs. */
    private void notifyAndExit(long base, int q) {
        reg(base, 0x050, q);
        rig.model.scheduler().irqExit(ops);
    }

    @Test
    void blockWriteThenReadBackThroughTheOrphanThread() throws Exception {
        boot();
        assertEquals(Virtio.MAGIC, reg(BLK, 0x000));
        assertEquals(Virtio.BLOCK, reg(BLK, 0x008));
        assertEquals(0x1_0000 / 512, reg(BLK, 0x100), "capacity in sectors");
        setUpQueue(BLK, 0, 8);
        byte[] data = new byte[512];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7 + 3);
        }
        put(BUF, le(16).putInt(1).putInt(0).putLong(2)); // VIRTIO_BLK_T_OUT, sector 2
        mem().write(BUF + 0x100, data, 0, 512);
        descriptor(0, BUF, 16, 1, 1);
        descriptor(1, BUF + 0x100, 512, 1, 2);
        descriptor(2, BUF + 0x400, 1, 2, 0);
        avail(1, 0);
        mem().write(BUF + 0x400, new byte[] {(byte) 0xEE}, 0, 1);
        notifyAndExit(BLK, 0);
        assertEquals(1, used(2, 2), "used->idx");
        byte[] status = new byte[1];
        mem().read(BUF + 0x400, status, 0, 1);
        assertEquals(0, status[0], "VIRTIO_BLK_S_OK");
        // read sector 2 back into another buffer
        put(BUF + 0x800, le(16).putInt(0).putInt(0).putLong(2));
        descriptor(3, BUF + 0x800, 16, 1, 4);
        descriptor(4, BUF + 0xA00, 512, 3, 5);
        descriptor(5, BUF + 0xC00, 1, 2, 0);
        avail(2, 0, 3);
        notifyAndExit(BLK, 0);
        assertEquals(2, used(2, 2));
        byte[] back = new byte[512];
        mem().read(BUF + 0xA00, back, 0, 512);
        assertArrayEquals(data, back);
        assertEquals(1, reg(BLK, 0x060) & 1, "InterruptStatus.used_buffer");
        rig.dispatcher.endSetup(ops);
        List<String> paths = rig.dispatcher.ledger().paths().stream().map(CostLedger.PathTotal::path).toList();
        assertTrue(paths.contains("test+virtio-thread"), paths.toString());
    }

    @Test
    void consoleTransmitsAndNetLoopsAFrameBack() throws Exception {
        boot();
        setUpQueue(CON, 1, 8);
        byte[] text = "hello from virtio\n".getBytes();
        mem().write(BUF, text, 0, text.length);
        descriptor(0, BUF, text.length, 0, 0);
        avail(1, 0);
        notifyAndExit(CON, 1);
        assertEquals("hello from virtio\n", device(CON).consoleOut.toString());
        assertTrue(rig.output().contains("hello from virtio"));

        mem().write(USED, new byte[0x200], 0, 0x200); // fresh used rings for the net device
        setUpQueue(NET, 0, 8); // receive queue: one buffer posted
        descriptor(1, BUF + 0x1000, 256, 2, 0);
        avail(1, 1);
        // the same rings serve the transmit queue in this test: a second avail entry after the first
        reg(NET, 0x030, 1);
        reg(NET, 0x038, 8);
        reg(NET, 0x080, DESC);
        reg(NET, 0x090, AVAIL + 0x100);
        reg(NET, 0x0A0, USED + 0x100);
        reg(NET, 0x044, 1);
        byte[] frame = new byte[60];
        for (int i = 0; i < frame.length; i++) {
            frame[i] = (byte) (0xA0 + i);
        }
        mem().write(BUF + 0x2000, frame, 0, frame.length);
        descriptor(2, BUF + 0x2000, frame.length, 0, 0);
        put(AVAIL + 0x100, le(6).putShort((short) 0).putShort((short) 1).putShort((short) 2));
        notifyAndExit(NET, 1);
        byte[] got = new byte[frame.length];
        mem().read(BUF + 0x1000, got, 0, frame.length);
        assertArrayEquals(frame, got, "the frame came back on the receive queue");
        assertEquals(1, device(NET).framesLooped);
        assertEquals(60, used(8, 4), "receive used->ring[0].len");
    }
}
