package dev.hvlab.hv.xvisor;

import dev.hvlab.core.hypervisor.El2Operations;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Xvisor's virtio-mmio transport (emulators/virtio/virtio_mmio.c, version 2 register layout) with
 * its console, block and net back ends. A QueueNotify only queues work: the device's orphan vCPU (a
 * hypervisor thread, as Xvisor's vmm_blockrq and netswitch threads) is made READY and does the
 * queue processing (descriptor walk, data copies, used ring, interrupt) when the scheduler runs it.
 * Block storage is a RAM disk of {@code capacity} bytes; the net back end is a netswitch with one
 * loopback port, so a transmitted frame comes back on the receive queue.
 */
final class Virtio implements Emulator {
    static final int MAGIC = 0x7472_6976;
    static final int NET = 1;
    static final int BLOCK = 2;
    static final int CONSOLE = 3;
    private static final int QUEUES = 2;
    private static final int QUEUE_NUM_MAX = 64;

    private final XvisorModel model;
    private final GuestVm guest;
    private final int deviceId;
    private final int irq;
    private final byte[] disk;
    private final OutputStream console;
    final Vcpu worker;
    private int status;
    private int queueSel;
    private int interruptStatus;
    private int featuresSel;
    private final int[] num = new int[QUEUES];
    private final boolean[] ready = new boolean[QUEUES];
    private final long[] desc = new long[QUEUES];
    private final long[] avail = new long[QUEUES];
    private final long[] used = new long[QUEUES];
    private final int[] lastAvail = new int[QUEUES];
    private final boolean[] notified = new boolean[QUEUES];
    final StringBuilder consoleOut = new StringBuilder();
    long framesLooped;

    private Virtio(XvisorModel model, GuestVm guest, int deviceId, int irq, long capacity, OutputStream console,
            Vcpu worker) {
        this.model = model;
        this.guest = guest;
        this.deviceId = deviceId;
        this.irq = irq;
        this.disk = deviceId == BLOCK ? new byte[(int) capacity] : null;
        this.console = console;
        this.worker = worker;
        worker.work = this::process;
    }

    static Virtio create(XvisorModel model, GuestVm g, XvisorConfig.Device dev) {
        int id = switch (dev.compatible()) {
            case XvisorConfig.VIRTIO_NET -> NET;
            case XvisorConfig.VIRTIO_BLOCK -> BLOCK;
            default -> CONSOLE;
        };
        Vcpu worker = model.orphan(g.name + "/" + dev.name() + "-thread", g.vcpus.get(0).hostCpu);
        return new Virtio(model, g, id, dev.irq(), dev.capacity(), model.console(), worker);
    }

    @Override
    public String name() {
        return "virtio-mmio";
    }

    @Override
    public long size() {
        return 0x1000;
    }

    @Override
    public long read(El2Operations ops, Vcpu v, long off, int size) {
        ops.compute("virtio_mmio_read: switch", 10);
        int q = queueSel;
        return switch ((int) off) {
            case 0x000 -> MAGIC;
            case 0x004 -> 2;
            case 0x008 -> deviceId;
            case 0x00C -> 0x5856_4953; // "XVIS"
            case 0x010 -> featuresSel == 1 ? 1 : 0; // VIRTIO_F_VERSION_1 (bit 32)
            case 0x034 -> QUEUE_NUM_MAX;
            case 0x044 -> ready[q] ? 1 : 0;
            case 0x060 -> interruptStatus;
            case 0x070 -> status;
            case 0x0FC -> 0;
            case 0x100 -> disk != null ? (disk.length / 512) & 0xFFFF_FFFFL : 0; // capacity in sectors
            case 0x104 -> disk != null ? (long) (disk.length / 512) >>> 32 : 0;
            default -> 0;
        };
    }

    @Override
    public void write(El2Operations ops, Vcpu v, long off, long value, int size) {
        ops.compute("virtio_mmio_write: switch", 10);
        int q = queueSel;
        switch ((int) off) {
            case 0x014 -> featuresSel = (int) value;
            case 0x030 -> queueSel = (int) value < QUEUES ? (int) value : 0;
            case 0x038 -> num[q] = (int) value;
            case 0x044 -> ready[q] = value != 0;
            case 0x050 -> notify(ops, (int) value);
            case 0x064 -> interruptStatus &= ~(int) value;
            case 0x070 -> status = (int) value;
            case 0x080 -> desc[q] = desc[q] & ~0xFFFF_FFFFL | value & 0xFFFF_FFFFL;
            case 0x084 -> desc[q] = desc[q] & 0xFFFF_FFFFL | value << 32;
            case 0x090 -> avail[q] = avail[q] & ~0xFFFF_FFFFL | value & 0xFFFF_FFFFL;
            case 0x094 -> avail[q] = avail[q] & 0xFFFF_FFFFL | value << 32;
            case 0x0A0 -> used[q] = used[q] & ~0xFFFF_FFFFL | value & 0xFFFF_FFFFL;
            case 0x0A4 -> used[q] = used[q] & 0xFFFF_FFFFL | value << 32;
            default -> {
            }
        }
    }

    /** QueueNotify: the back end queues work for its thread and wakes it (vmm_completion / vmm_threads_wakeup). */
    private void notify(El2Operations ops, int q) {
        if (q < 0 || q >= QUEUES) {
            return;
        }
        notified[q] = true;
        ops.compute("virtio back end: queue work", 12);
        if (worker.state == Vcpu.State.PAUSED || worker.state == Vcpu.State.RESET) {
            model.scheduler().makeReady(ops, worker);
        }
    }

    /** The orphan thread's body: drain every notified queue. */
    private boolean process(El2Operations ops) {
        if (!ops.currentPath().endsWith("+virtio-thread")) {
            ops.path(ops.currentPath() + "+virtio-thread");
        }
        boolean raised = false;
        for (int q = 0; q < QUEUES; q++) {
            if (notified[q]) {
                notified[q] = false;
                raised |= drain(ops, q);
            }
        }
        if (deviceId == NET && framesLooped > 0) {
            raised |= drain(ops, 0);
        }
        if (raised) {
            interruptStatus |= 1;
            guest.gic.raiseSpi(ops, irq);
        }
        return false;
    }

    private long pa(El2Operations ops, long ipa) {
        Devemu.Region r = guest.aspace.find(ipa);
        if (r == null || !r.ram()) {
            throw new IllegalStateException(String.format("virtio: guest address 0x%x is not RAM", ipa));
        }
        ops.compute("vmm_guest_physical_map", 6);
        return r.hostPhys() + (ipa - r.guestPhys());
    }

    /** Processes the available ring of queue {@code q}; true when buffers were used. */
    private boolean drain(El2Operations ops, int q) {
        if (!ready[q] || num[q] == 0) {
            return false;
        }
        long availPa = pa(ops, avail[q]);
        int availIdx = (int) ops.load("load avail->idx", availPa + 2, 2);
        boolean any = false;
        while ((lastAvail[q] & 0xFFFF) != availIdx) {
            if (deviceId == NET && q == 0 && pendingFrame == null) {
                break; // receive buffers wait for a frame
            }
            int head = (int) ops.load("load avail->ring[]", availPa + 4 + 2L * (lastAvail[q] % num[q]), 2);
            int written = handleChain(ops, q, head);
            long usedPa = pa(ops, used[q]);
            int usedIdx = (int) ops.load("load used->idx", usedPa + 2, 2);
            long elem = usedPa + 4 + 8L * (usedIdx % num[q]);
            ops.store("store used->ring[].id", elem, head, 4);
            ops.store("store used->ring[].len", elem + 4, written, 4);
            ops.barrier(dev.hvlab.core.machine.PrimitiveCosts.Barrier.DMB);
            ops.store("store used->idx", usedPa + 2, (usedIdx + 1) & 0xFFFF, 2);
            lastAvail[q]++;
            any = true;
        }
        return any;
    }

    private byte[] pendingFrame;

    /** Walks one descriptor chain; returns the bytes written into guest buffers. */
    private int handleChain(El2Operations ops, int q, int head) {
        long descPa = pa(ops, desc[q]);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        long[] wAddr = new long[16];
        int[] wLen = new int[16];
        int nw = 0;
        int i = head;
        for (int guard = 0; guard < 16; guard++) {
            long d = descPa + 16L * i;
            long addr = ops.load("load desc.addr", d, 8);
            int len = (int) ops.load("load desc.len", d + 8, 4);
            int flags = (int) ops.load("load desc.flags", d + 12, 2);
            int next = (int) ops.load("load desc.next", d + 14, 2);
            if ((flags & 2) != 0) { // VIRTQ_DESC_F_WRITE: device writes
                wAddr[nw] = addr;
                wLen[nw++] = len;
            } else {
                byte[] b = new byte[len];
                long p = pa(ops, addr);
                for (int k = 0; k < len; k += 8) {
                    ops.load("copy from guest buffer", p + k, Math.min(8, len - k));
                }
                model.platformMemory().read(p, b, 0, len);
                out.write(b, 0, len);
            }
            if ((flags & 1) == 0) {
                break;
            }
            i = next;
        }
        byte[] in = out.toByteArray();
        byte[] reply = switch (deviceId) {
            case CONSOLE -> console(ops, q, in);
            case BLOCK -> block(ops, in, nw == 0 ? 0 : total(wLen, nw) - 1);
            default -> net(ops, q, in);
        };
        int written = 0;
        for (int k = 0; k < nw && written < reply.length; k++) {
            int n = Math.min(wLen[k], reply.length - written);
            long p = pa(ops, wAddr[k]);
            for (int o = 0; o < n; o += 8) {
                ops.store("copy to guest buffer", p + o, 0, Math.min(8, n - o));
            }
            model.platformMemory().write(p, reply, written, n);
            written += n;
        }
        return written;
    }

    private static int total(int[] len, int n) {
        int t = 0;
        for (int i = 0; i < n; i++) {
            t += len[i];
        }
        return t;
    }

    private byte[] console(El2Operations ops, int q, byte[] in) {
        if (q == 1) {
            ops.compute("vmm_vserial_receive", 10 + in.length);
            for (byte b : in) {
                consoleOut.append((char) (b & 0xFF));
            }
            try {
                console.write(in);
            } catch (IOException e) {
                // best effort, as a serial line
            }
        }
        return new byte[0];
    }

    /** virtio_blk request: header (type, reserved, sector), data, status byte. */
    private byte[] block(El2Operations ops, byte[] in, int readLen) {
        ops.compute("vmm_blockdev_submit_request", 40);
        int type = in.length >= 4 ? in[0] & 0xFF : -1;
        long sector = 0;
        for (int k = 15; k >= 8 && in.length >= 16; k--) {
            sector = sector << 8 | (in[k] & 0xFF);
        }
        long off = sector * 512;
        if (type == 1) { // VIRTIO_BLK_T_OUT
            int len = in.length - 16;
            if (off < 0 || off + len > disk.length) {
                return new byte[] {1};
            }
            System.arraycopy(in, 16, disk, (int) off, len);
            return new byte[] {0};
        }
        if (type == 0) { // VIRTIO_BLK_T_IN
            if (off < 0 || off + readLen > disk.length) {
                byte[] r = new byte[readLen + 1];
                r[readLen] = 1;
                return r;
            }
            byte[] r = new byte[readLen + 1];
            System.arraycopy(disk, (int) off, r, 0, readLen);
            return r;
        }
        return new byte[] {2}; // VIRTIO_BLK_S_UNSUPP
    }

    /** Netswitch with a loopback port: a transmitted frame is delivered to the receive queue. */
    private byte[] net(El2Operations ops, int q, byte[] in) {
        if (q == 1) {
            ops.compute("vmm_netswitch_port2switch_xfer", 30);
            pendingFrame = in;
            framesLooped++;
            return new byte[0];
        }
        byte[] f = pendingFrame;
        pendingFrame = null;
        return f == null ? new byte[0] : f;
    }
}
