package dev.hvlab.hv.kvm;

import dev.hvlab.core.hypervisor.El2Operations;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * The user-space VMM (as kvmtool or QEMU): a vCPU thread returns from {@code ioctl(KVM_RUN)} with
 * {@code KVM_EXIT_MMIO}, the VMM finds the device by address and emulates the access, and calls
 * {@code ioctl(KVM_RUN)} again. Its devices: an emulated NXP LPUART (the console the workloads
 * print on; each transmitted character is a {@code write(2)} to the VMM's terminal). The VMM's work
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

    Vmm(KvmModel kvm, List<KvmConfig.Device> devices, OutputStream console) {
        this.kvm = kvm;
        this.devices = devices;
        this.console = console;
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
        long result = lpuart(ops, ipa - d.base(), write, value);
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
        var costs = kvm.platform().machine().timing().costs(ops.cpu());
        ops.charge("VMM: SVC write(2) to the terminal", costs.exceptionEntry(ops.cpu(), 1));
        ops.compute("host: ksys_write, tty_write, n_tty_write, uart_write", 400);
        var uart = kvm.platform().device("nxp-lpuart");
        if (uart != null) {
            ops.deviceWrite(uart.base() + 0x1C, b, 4); // lpuart32_console_putchar
        } else {
            try {
                console.write(b);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        ops.charge("host: ERET to the VMM", costs.exceptionReturn(ops.cpu()));
    }
}
