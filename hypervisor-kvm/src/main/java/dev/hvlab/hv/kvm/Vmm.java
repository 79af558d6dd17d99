package dev.hvlab.hv.kvm;

import dev.hvlab.core.hypervisor.El2Operations;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The user-space VMM (as kvmtool or QEMU): a vCPU thread returns from {@code ioctl(KVM_RUN)} with
 * {@code KVM_EXIT_MMIO}, the VMM finds the device by address and emulates the access, and calls
 * {@code ioctl(KVM_RUN)} again. Its devices: an emulated NXP LPUART (the console the workloads
 * print on; each transmitted character is a {@code write(2)} to the VMM's terminal) and virtio
 * consoles on the virtio-mmio transport ({@link VirtioConsole}; Linux's {@code hvc0}). Its
 * interrupts reach the in-kernel vGIC through an irqfd (an eventfd write the host completes in
 * {@code irqfd_wakeup}) or the {@code KVM_IRQ_LINE} ioctl. The VMM's work
 * is priced as its instructions and its accesses to the shared {@code kvm_run} page; the crossings
 * (ERET to EL0, SVC back) are priced by the caller.
 */
final class Vmm {
    static final int LPUART_VERID = 0x0401_0003;
    static final long STAT_TDRE = 1L << 23;
    static final long STAT_TC = 1L << 22;
    static final long DATA_RXEMPT = 1L << 12;

    private final KvmModel kvm;
    private final List<KvmConfig.Device> devices;
    private final OutputStream console;
    private long lpuartCtrl;
    private long lpuartBaud;
    private final Map<KvmConfig.Device, VirtioConsole> virtio = new HashMap<>();
    private final byte[] one = new byte[1];

    Vmm(KvmModel kvm, List<KvmConfig.Device> devices, OutputStream console) {
        this.kvm = kvm;
        this.devices = devices;
        this.console = console;
        for (KvmConfig.Device d : devices) {
            if (d.type().equals(KvmConfig.Device.VIRTIO_CONSOLE)) {
                virtio.put(d, new VirtioConsole(new VirtioBackend(d)));
            }
        }
    }

    /** The virtio console at device {@code d}, or null when {@code d} is not one. */
    VirtioConsole virtio(KvmConfig.Device d) {
        return virtio.get(d);
    }

    /** The device at {@code ipa}, or null. */
    KvmConfig.Device device(long ipa) {
        for (KvmConfig.Device d : devices) {
            if (Long.compareUnsigned(ipa - d.base(), 0x1000) < 0) {
                return d;
            }
        }
        return null;
    }

    /**
     * The VMM's handling of one KVM_EXIT_MMIO on the vCPU's {@code kvm_run} page: the exit reason
     * and the access read, the device found, the access emulated, a read's data written back.
     */
    long mmio(El2Operations ops, Vcpu v, KvmConfig.Device d, long ipa, boolean write, long value, int size) {
        long run = kvm.layout().run(v.id);
        ops.load("VMM: load run->exit_reason", run, 4);
        ops.compute("VMM: switch (exit_reason), kvm__emulate_mmio: mmio tree lookup", 40);
        ops.load("VMM: load run->mmio.phys_addr, len, is_write", run + 0x20, 8);
        if (write) {
            ops.load("VMM: load run->mmio.data", run + 0x28, 8);
        }
        VirtioConsole vc = virtio.get(d);
        long result;
        if (vc == null) {
            result = lpuart(ops, ipa - d.base(), write, value);
        } else if (write) {
            vc.write(ops, (int) (ipa - d.base()), value, size);
            result = 0;
        } else {
            result = vc.read(ops, (int) (ipa - d.base()), size);
        }
        if (!write) {
            ops.store("VMM: store run->mmio.data", run + 0x28, result, 8);
        }
        return result;
    }

    private long lpuart(El2Operations ops, long offset, boolean write, long value) {
        ops.compute("VMM: lpuart register emulation", 20);
        switch ((int) offset) {
            case 0x00:
                return LPUART_VERID;
            case 0x04:
                return 0x0202; // PARAM: 4-word FIFOs
            case 0x10:
                if (write) {
                    lpuartBaud = value;
                }
                return lpuartBaud;
            case 0x14:
                return STAT_TDRE | STAT_TC;
            case 0x18:
                if (write) {
                    lpuartCtrl = value;
                }
                return lpuartCtrl;
            case 0x1C:
                if (write) {
                    terminalWrite(ops, (int) value & 0xFF);
                    return 0;
                }
                return DATA_RXEMPT;
            default:
                return 0;
        }
    }

    /**
     * write(2) of one byte to the VMM's terminal, a system call of its own: the host's tty layer and
     * its serial driver put the byte in the board's console UART (the physical LPUART, or the
     * platform's console stream on a board without one).
     */
    private void terminalWrite(El2Operations ops, int b) {
        one[0] = (byte) b;
        terminalWrite(ops, one, 1);
    }

    /** write(2) of {@code length} bytes: one system call, the tty layer's work per byte. */
    private void terminalWrite(El2Operations ops, byte[] bytes, int length) {
        var costs = kvm.platform().machine().timing().costs(ops.cpu());
        ops.charge("VMM: SVC write(2) to the terminal", costs.exceptionEntry(ops.cpu(), 1));
        ops.compute("host: ksys_write, tty_write, n_tty_write, uart_write", 400 + 20 * (length - 1));
        var uart = kvm.platform().device("nxp-lpuart");
        for (int i = 0; i < length; i++) {
            int b = bytes[i] & 0xFF;
            if (uart != null) {
                ops.deviceWrite(uart.base() + 0x1C, b, 4); // lpuart32_console_putchar
            } else {
                try {
                    console.write(b);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
        ops.charge("host: ERET to the VMM", costs.exceptionReturn(ops.cpu()));
    }

    /**
     * The device's interrupt to the vGIC, an edge (virtio-mmio's interrupt is edge-rising in the
     * VM's device tree, as kvmtool describes it): with irqfd one eventfd write whose wake-up
     * injects in the host kernel (irqfd_wakeup, kvm_set_irq); without, the KVM_IRQ_LINE ioctl
     * raising and lowering the line (kvm__irq_trigger).
     */
    private void interrupt(El2Operations ops, KvmConfig.Device d) {
        var costs = kvm.platform().machine().timing().costs(ops.cpu());
        if (kvm.config().vmm().irqfd()) {
            ops.charge("VMM: SVC write(2) to the irqfd", costs.exceptionEntry(ops.cpu(), 1));
            ops.compute("host: eventfd_write, irqfd_wakeup, kvm_arch_set_irq_inatomic", 120);
            kvm.vgic().inject(ops, 0, d.irq(), true);
            ops.charge("host: ERET to the VMM", costs.exceptionReturn(ops.cpu()));
            return;
        }
        for (boolean level : new boolean[] {true, false}) {
            ops.charge("VMM: SVC ioctl(KVM_IRQ_LINE)", costs.exceptionEntry(ops.cpu(), 1));
            ops.compute("host: kvm_vm_ioctl_irq_line, kvm_vgic_inject_irq", 150);
            kvm.vgic().inject(ops, 0, d.irq(), level);
            ops.charge("host: ERET to the VMM", costs.exceptionReturn(ops.cpu()));
        }
    }

    /** A virtio console's terminal and interrupt line. */
    private final class VirtioBackend implements VirtioConsole.Backend {
        private final KvmConfig.Device device;

        VirtioBackend(KvmConfig.Device device) {
            this.device = device;
        }

        @Override
        public void terminalWrite(El2Operations ops, byte[] bytes, int length) {
            Vmm.this.terminalWrite(ops, bytes, length);
        }

        @Override
        public void raiseInterrupt(El2Operations ops) {
            if (device.irq() != 0) {
                interrupt(ops, device);
            }
        }
    }
}
