package dev.hvlab.hv.xvisor;

import dev.hvlab.core.hypervisor.El2Operations;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Xvisor's PL011 emulator (emulators/serial/pl011.c) reduced to the guest console's needs: UARTDR
 * writes go to the hypervisor's console (Xvisor's vserial), UARTFR always says transmit FIFO empty
 * and receive FIFO empty, the interrupt mask/raw/masked status and clear registers, the
 * PrimeCell identification registers; a transmit interrupt is raised on the guest's SPI when
 * unmasked.
 */
final class Pl011Emulator implements Emulator {
    private static final int DR = 0x00;
    private static final int FR = 0x18;
    private static final int IMSC = 0x38;
    private static final int RIS = 0x3C;
    private static final int MIS = 0x40;
    private static final int ICR = 0x44;
    private static final int FR_RXFE = 1 << 4;
    private static final int FR_TXFE = 1 << 7;
    private static final int TXI = 1 << 5;
    private static final int[] ID = {0x11, 0x10, 0x14, 0x00, 0x0D, 0xF0, 0x05, 0xB1};

    private final GuestVm guest;
    private final int irq;
    private final OutputStream console;
    private final int[] regs = new int[0x1000 / 4];
    private int ris;
    final StringBuilder written = new StringBuilder();

    Pl011Emulator(GuestVm guest, int irq, OutputStream console) {
        this.guest = guest;
        this.irq = irq;
        this.console = console;
    }

    @Override
    public String name() {
        return "pl011";
    }

    @Override
    public long size() {
        return 0x1000;
    }

    @Override
    public long read(El2Operations ops, Vcpu v, long off, int size) {
        ops.compute("pl011_reg_read: lock, switch", 10);
        int o = (int) off;
        if (o >= 0xFE0) {
            return ID[(o - 0xFE0) / 4 & 7];
        }
        return switch (o) {
            case DR -> 0;
            case FR -> FR_TXFE | FR_RXFE;
            case RIS -> ris;
            case MIS -> ris & regs[IMSC / 4];
            default -> regs[o / 4];
        };
    }

    @Override
    public void write(El2Operations ops, Vcpu v, long off, long value, int size) {
        ops.compute("pl011_reg_write: lock, switch", 10);
        int o = (int) off;
        switch (o) {
            case DR -> {
                ops.compute("vmm_vserial_receive (console)", 20);
                written.append((char) (value & 0xFF));
                try {
                    console.write((int) value & 0xFF);
                } catch (IOException e) {
                    // the console is best effort, as a serial line
                }
                ris |= TXI;
            }
            case ICR -> ris &= ~(int) value;
            default -> {
                if (o / 4 < regs.length) {
                    regs[o / 4] = (int) value;
                }
            }
        }
        if ((ris & regs[IMSC / 4]) != 0 && irq >= 32) {
            guest.gic.raiseSpi(ops, irq);
        }
    }
}
