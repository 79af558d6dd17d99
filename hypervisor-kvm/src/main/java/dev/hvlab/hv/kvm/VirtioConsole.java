package dev.hvlab.hv.kvm;

import dev.hvlab.core.hypervisor.El2Operations;

/**
 * The VMM's virtio console (device ID 3) behind the virtio-mmio transport, version 2 (Virtual I/O
 * Device (VIRTIO) Version 1.1, sections 4.2.2 "MMIO Device Register Layout", 2.6 "Split
 * Virtqueues" and 5.3 "Console Device"): one port, no multiport, no size, no emergency write; queue
 * 0 is port 0's receiveq, queue 1 its transmitq. The transmitq's buffers go to the VMM's terminal;
 * nothing is ever received (the VMM has no input), so the receiveq's buffers stay with the device.
 *
 * <p>The register state is the VMM's (in Java); the virtqueues are in guest memory, read and
 * written with priced loads and stores at their guest-physical addresses (guest RAM is mapped 1:1).
 * Who reaches {@link #write} decides the path: the VMM after a KVM_EXIT_MMIO, or the VMM's I/O
 * thread woken by an ioeventfd for a QueueNotify ({@link Vmm}).
 */
final class VirtioConsole {
    static final int MAGIC = 0x7472_6976; // "virt"
    static final int VERSION = 2;
    static final int DEVICE_ID_CONSOLE = 3;
    /** kvmtool's vendor ID, "LKVM": the VMM modelled is kvmtool-like. */
    static final int VENDOR_ID = 0x4D56_4B4C;
    static final long VIRTIO_F_VERSION_1 = 1L << 32;
    static final int QUEUE_NUM_MAX = 64;
    static final int QUEUES = 2;
    static final int TRANSMITQ = 1;
    static final int REG_QUEUE_NOTIFY = 0x050;

    static final int STATUS_DRIVER_OK = 4;
    static final int STATUS_FEATURES_OK = 8;
    static final int VIRTQ_DESC_F_NEXT = 1;
    static final int VIRTQ_DESC_F_WRITE = 2;
    static final int VIRTQ_AVAIL_F_NO_INTERRUPT = 1;
    static final int INT_USED_BUFFER = 1;

    /** Where the transmitted bytes go (the VMM's terminal), and the interrupt line. */
    interface Backend {
        void terminalWrite(El2Operations ops, byte[] bytes, int length);

        void raiseInterrupt(El2Operations ops);
    }

    private final Backend backend;
    private int deviceFeaturesSel;
    private int driverFeaturesSel;
    private long driverFeatures;
    private int status;
    private int queueSel;
    private int interruptStatus;
    private final int[] num = new int[QUEUES];
    private final boolean[] ready = new boolean[QUEUES];
    private final long[] desc = new long[QUEUES];
    private final long[] driver = new long[QUEUES];
    private final long[] device = new long[QUEUES];
    private final int[] lastAvail = new int[QUEUES];
    private final int[] usedIdx = new int[QUEUES];
    private final byte[] buffer = new byte[4096];

    VirtioConsole(Backend backend) {
        this.backend = backend;
    }

    /** A read of the register at {@code offset}: the VMM's register emulation. */
    long read(El2Operations ops, int offset, int size) {
        ops.compute("VMM: virtio_mmio_read: register switch", 20);
        if (offset >= 0x100) {
            return 0; // virtio_console_config: cols, rows, max_nr_ports, emerg_wr, all 0 (no feature offers them)
        }
        int q = queueSel;
        return switch (offset) {
            case 0x000 -> MAGIC;
            case 0x004 -> VERSION;
            case 0x008 -> DEVICE_ID_CONSOLE;
            case 0x00C -> VENDOR_ID;
            case 0x010 -> deviceFeaturesSel == 1 ? VIRTIO_F_VERSION_1 >>> 32 : 0;
            case 0x034 -> q < QUEUES ? QUEUE_NUM_MAX : 0;
            case 0x044 -> q < QUEUES && ready[q] ? 1 : 0;
            case 0x060 -> interruptStatus;
            case 0x070 -> status;
            case 0x0FC -> 0; // ConfigGeneration: the config never changes
            default -> 0;
        };
    }

    /** A write of the register at {@code offset}. */
    void write(El2Operations ops, int offset, long value, int size) {
        ops.compute("VMM: virtio_mmio_write: register switch", 20);
        int v = (int) value;
        int q = queueSel;
        boolean qok = q < QUEUES;
        switch (offset) {
            case 0x014 -> deviceFeaturesSel = v;
            case 0x020 -> {
                if (driverFeaturesSel < 2) {
                    int shift = 32 * driverFeaturesSel;
                    driverFeatures = driverFeatures & ~(0xFFFF_FFFFL << shift) | (value & 0xFFFF_FFFFL) << shift;
                }
            }
            case 0x024 -> driverFeaturesSel = v;
            case 0x030 -> queueSel = v;
            case 0x038 -> {
                if (qok && v > 0 && v <= QUEUE_NUM_MAX && Integer.bitCount(v) == 1) {
                    num[q] = v;
                }
            }
            case 0x044 -> {
                if (qok) {
                    ready[q] = v != 0;
                }
            }
            case REG_QUEUE_NOTIFY -> notify(ops, v);
            case 0x064 -> {
                interruptStatus &= ~v;
            }
            case 0x070 -> {
                if (v == 0) {
                    reset();
                } else {
                    // FEATURES_OK only sticks when the driver accepted VIRTIO_F_VERSION_1 (no legacy).
                    if ((v & STATUS_FEATURES_OK) != 0 && (driverFeatures & VIRTIO_F_VERSION_1) == 0) {
                        v &= ~STATUS_FEATURES_OK;
                    }
                    status = v;
                }
            }
            case 0x080 -> { if (qok) { desc[q] = low(desc[q], value); } }
            case 0x084 -> { if (qok) { desc[q] = high(desc[q], value); } }
            case 0x090 -> { if (qok) { driver[q] = low(driver[q], value); } }
            case 0x094 -> { if (qok) { driver[q] = high(driver[q], value); } }
            case 0x0A0 -> { if (qok) { device[q] = low(device[q], value); } }
            case 0x0A4 -> { if (qok) { device[q] = high(device[q], value); } }
            default -> {
            }
        }
    }

    private static long low(long old, long value) {
        return old & ~0xFFFF_FFFFL | value & 0xFFFF_FFFFL;
    }

    private static long high(long old, long value) {
        return old & 0xFFFF_FFFFL | (value & 0xFFFF_FFFFL) << 32;
    }

    private void reset() {
        status = 0;
        driverFeatures = 0;
        interruptStatus = 0;
        queueSel = 0;
        for (int q = 0; q < QUEUES; q++) {
            num[q] = 0;
            ready[q] = false;
            desc[q] = driver[q] = device[q] = 0;
            lastAvail[q] = usedIdx[q] = 0;
        }
    }

    /**
     * QueueNotify: the VMM's queue handler. The transmitq's available buffers (descriptor chains
     * of device-readable buffers) go to the terminal and are returned in the used ring, then the
     * driver is interrupted unless it suppressed that (VIRTQ_AVAIL_F_NO_INTERRUPT). The receiveq's
     * buffers wait for input that never comes.
     */
    void notify(El2Operations ops, int q) {
        if (q != TRANSMITQ || !ready[q] || num[q] == 0 || (status & STATUS_DRIVER_OK) == 0) {
            ops.compute("VMM: virtio_console: notify of an idle queue", 10);
            return;
        }
        int n = num[q];
        long avail = driver[q];
        long used = device[q];
        int availIdx = (int) ops.load("VMM: virt_queue__available: load avail->idx", avail + 2, 2);
        boolean any = false;
        while ((lastAvail[q] & 0xFFFF) != availIdx) {
            int head = (int) ops.load("VMM: virt_queue__pop: load avail->ring[]", avail + 4 + 2L * (lastAvail[q] % n), 2);
            lastAvail[q]++;
            int length = 0;
            int i = head;
            for (int hops = 0; hops < n; hops++) {
                long d = desc[q] + 16L * (i % n);
                long addr = ops.load("VMM: load desc.addr", d, 8);
                int len = (int) ops.load("VMM: load desc.len", d + 8, 4);
                int flags = (int) ops.load("VMM: load desc.flags, next", d + 12, 2);
                if ((flags & VIRTQ_DESC_F_WRITE) == 0) {
                    length += copyOut(ops, addr, len, length);
                }
                if ((flags & VIRTQ_DESC_F_NEXT) == 0) {
                    break;
                }
                i = (int) ops.load("VMM: load desc.next", d + 14, 2);
            }
            if (length > 0) {
                backend.terminalWrite(ops, buffer, length);
            }
            long elem = used + 4 + 8L * (usedIdx[q] % n);
            ops.store("VMM: virt_queue__set_used_elem: used->ring[].id", elem, head, 4);
            ops.store("VMM: used->ring[].len", elem + 4, 0, 4);
            usedIdx[q]++;
            ops.store("VMM: wmb; used->idx", used + 2, usedIdx[q] & 0xFFFF, 2);
            any = true;
        }
        if (!any) {
            return;
        }
        int availFlags = (int) ops.load("VMM: virtio_queue__should_signal: load avail->flags", avail, 2);
        if ((availFlags & VIRTQ_AVAIL_F_NO_INTERRUPT) == 0) {
            interruptStatus |= INT_USED_BUFFER;
            backend.raiseInterrupt(ops);
        }
    }

    /** Copies a device-readable buffer into the VMM's (readv of the guest's memory), up to its size. */
    private int copyOut(El2Operations ops, long addr, int len, int at) {
        int room = Math.min(len, buffer.length - at);
        int o = 0;
        while (o < room) {
            int chunk = room - o >= 8 ? 8 : 1;
            long w = ops.load("VMM: memcpy from the guest's buffer", addr + o, chunk);
            for (int b = 0; b < chunk; b++) {
                buffer[at + o + b] = (byte) (w >>> (8 * b));
            }
            o += chunk;
        }
        return room;
    }

    int interruptStatus() {
        return interruptStatus;
    }
}
