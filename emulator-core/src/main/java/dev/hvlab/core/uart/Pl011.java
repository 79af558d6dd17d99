package dev.hvlab.core.uart;

import dev.hvlab.core.irq.InterruptLine;
import dev.hvlab.core.mem.BusErrorException;
import dev.hvlab.core.mem.MmioDevice;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The ARM PrimeCell UART PL011 r1p5 (ARM DDI 0183G, "PrimeCell UART (PL011) Technical Reference
 * Manual"), the console of the QEMU-virt-compatible board: UARTDR, UARTRSR/ECR, UARTFR, UARTILPR,
 * UARTIBRD, UARTFBRD, UARTLCR_H, UARTCR, UARTIFLS, UARTIMSC, UARTRIS, UARTMIS, UARTICR, UARTDMACR
 * and the peripheral/PrimeCell identification registers.
 *
 * <p>Models: 16-entry transmit and receive FIFOs (1-entry holding registers while LCR_H.FEN is
 * clear), the FIFO trigger levels (IFLS), the receive (RXIS), receive-timeout (RTIS), transmit
 * (TXIS) and overrun (OEIS) interrupts with their mask, raw and masked status and clear registers,
 * the combined interrupt output UARTINTR, loop-back (CR.LBE), and the enables (CR.UARTEN, TXE, RXE).
 * Transmission is instantaneous: a character leaves as soon as it is written while UARTEN and TXE
 * are set, the TX FIFO is then empty and the transmit interrupt is raised, as when the FIFO drains
 * through its trigger level (the TRM's interrupt is based on that transition, so it is not raised
 * at reset). Characters written while the transmitter is disabled wait in the FIFO. Reception: the
 * machine delivers bytes through {@link SerialPort#receive}; each delivery ends with the line idle,
 * which raises the receive timeout when data is left in the FIFO.
 *
 * <p>Does not model: baud-rate timing (IBRD/FBRD are stored only), framing/parity/break errors,
 * modem lines (CTS/DSR/DCD/RI read 0; RTS/DTR/Out1/Out2 are stored), flow control, IrDA, DMA (DMACR
 * stored), the test registers (0x080-0x08C). Accesses may be 8, 16 or 32 bits wide (Linux's
 * amba-pl011 uses 16-bit, its earlycon 8-bit writes): a narrower read returns the addressed bytes
 * of the register; a write applies to the register only at its first byte (a write to an upper byte
 * is ignored with a warning). 64-bit accesses are bus errors.
 */
public final class Pl011 implements MmioDevice, SerialPort {
    public static final int DR = 0x000;
    public static final int RSR_ECR = 0x004;
    public static final int FR = 0x018;
    public static final int ILPR = 0x020;
    public static final int IBRD = 0x024;
    public static final int FBRD = 0x028;
    public static final int LCR_H = 0x02C;
    public static final int CR = 0x030;
    public static final int IFLS = 0x034;
    public static final int IMSC = 0x038;
    public static final int RIS = 0x03C;
    public static final int MIS = 0x040;
    public static final int ICR = 0x044;
    public static final int DMACR = 0x048;
    public static final int SIZE = 0x1000;

    public static final int FR_TXFE = 1 << 7;
    public static final int FR_RXFF = 1 << 6;
    public static final int FR_TXFF = 1 << 5;
    public static final int FR_RXFE = 1 << 4;
    public static final int FR_BUSY = 1 << 3;

    public static final int LCR_H_FEN = 1 << 4;

    public static final int CR_UARTEN = 1 << 0;
    public static final int CR_LBE = 1 << 7;
    public static final int CR_TXE = 1 << 8;
    public static final int CR_RXE = 1 << 9;
    public static final int CR_RESET = CR_TXE | CR_RXE;

    public static final int INT_RX = 1 << 4;
    public static final int INT_TX = 1 << 5;
    public static final int INT_RT = 1 << 6;
    public static final int INT_OE = 1 << 10;
    private static final int INT_MASK = 0x7FF;

    /** UARTRSR's overrun flag: set when a character arrived at a full FIFO; cleared by a write to UARTECR. */
    private static final int RSR_OE = 1 << 3;

    private static final int DEPTH = 16;
    /** UARTPeriphID0-3 (part 0x011, designer ARM 0x41, revision 3 = r1p5) and UARTPCellID0-3. */
    private static final int[] ID = {0x11, 0x10, 0x34, 0x00, 0x0D, 0xF0, 0x05, 0xB1};

    private final String name;
    private final OutputStream out;
    private final InterruptLine irq;
    private final RegisterWarnings warnings;
    private final ByteFifo tx = new ByteFifo(DEPTH);
    private final ByteFifo rx = new ByteFifo(DEPTH);

    private int rsr;
    private int ilpr;
    private int ibrd;
    private int fbrd;
    private int lcrH;
    private int cr = CR_RESET;
    private int ifls = 0x12;
    private int imsc;
    private int ris;
    private int dmacr;
    private boolean irqLevel;

    public Pl011(String name, OutputStream out, InterruptLine irq) {
        this.name = name;
        this.out = out;
        this.irq = irq;
        this.warnings = new RegisterWarnings(name);
        applyFifoEnable();
    }

    /** What firmware leaves behind on QEMU's virt board and U-Boot: the UART enabled, so an earlycon prints. */
    public void enableAsFirmwareLeftIt() {
        cr |= CR_UARTEN | CR_TXE | CR_RXE;
        drainTx();
        updateIrq();
    }

    public boolean interruptLevel() {
        return irqLevel;
    }

    @Override
    public long read(int cpuIndex, long offset, int size) {
        if (size == 8) {
            throw BusErrorException.INSTANCE;
        }
        int reg = (int) offset & ~3;
        int lane = (int) offset & 3;
        long v = registerRead(reg, offset);
        updateIrq();
        return (v >>> (8 * lane)) & (size == 4 ? 0xFFFF_FFFFL : (1L << (8 * size)) - 1);
    }

    private long registerRead(int reg, long offset) {
        if (reg >= 0xFE0 && reg <= 0xFFC) {
            return ID[(reg - 0xFE0) >> 2];
        }
        return switch (reg) {
            case DR -> readData();
            case RSR_ECR -> rsr;
            case FR -> flags();
            case ILPR -> ilpr;
            case IBRD -> ibrd;
            case FBRD -> fbrd;
            case LCR_H -> lcrH;
            case CR -> cr;
            case IFLS -> ifls;
            case IMSC -> imsc;
            case RIS -> ris;
            case MIS -> ris & imsc;
            case DMACR -> dmacr;
            case ICR -> {
                warnings.once("read of the write-only UARTICR", offset);
                yield 0;
            }
            default -> {
                warnings.once("read of a reserved or test register", offset);
                yield 0;
            }
        };
    }

    @Override
    public void write(int cpuIndex, long offset, long value, int size) {
        if (size == 8) {
            throw BusErrorException.INSTANCE;
        }
        if ((offset & 3) != 0) {
            warnings.once("write to an upper byte of a register", offset);
            return;
        }
        int v = (int) value & (size == 4 ? -1 : (1 << (8 * size)) - 1);
        switch ((int) offset) {
            case DR -> writeData(v);
            case RSR_ECR -> {
                rsr = 0; // any write clears the error flags
            }
            case ILPR -> ilpr = v & 0xFF;
            case IBRD -> ibrd = v & 0xFFFF;
            case FBRD -> fbrd = v & 0x3F;
            case LCR_H -> {
                lcrH = v & 0xFF;
                applyFifoEnable();
            }
            case CR -> {
                cr = v & 0xFF87; // bits 6:3 are reserved
                drainTx();
            }
            case IFLS -> ifls = v & 0x3F;
            case IMSC -> imsc = v & INT_MASK;
            case ICR -> ris &= ~(v & INT_MASK);
            case DMACR -> dmacr = v & 7;
            case FR, RIS, MIS -> warnings.once("write to a read-only register", offset);
            default -> warnings.once("write to a reserved, identification or test register", offset);
        }
        updateIrq();
    }

    @Override
    public int receive(byte[] data, int off, int len) {
        if ((cr & CR_UARTEN) == 0 || (cr & CR_RXE) == 0 || (cr & CR_LBE) != 0) {
            return 0;
        }
        int n = 0;
        while (n < len && !rx.isFull()) {
            pushRx(data[off + n] & 0xFF);
            n++;
        }
        lineIdle();
        updateIrq();
        return n;
    }

    private int flags() {
        int f = 0;
        if (tx.isEmpty()) {
            f |= FR_TXFE;
        } else {
            f |= FR_BUSY;
        }
        if (tx.isFull()) {
            f |= FR_TXFF;
        }
        if (rx.isEmpty()) {
            f |= FR_RXFE;
        }
        if (rx.isFull()) {
            f |= FR_RXFF;
        }
        return f;
    }

    private int level(int field) {
        return switch (field) {
            case 0 -> 2;
            case 1 -> 4;
            case 2 -> 8;
            case 3 -> 12;
            default -> 14; // 0b100 (7/8); the reserved encodings act as the deepest level
        };
    }

    private boolean fifoEnabled() {
        return (lcrH & LCR_H_FEN) != 0;
    }

    private int rxTrigger() {
        return fifoEnabled() ? level((ifls >> 3) & 7) : 1;
    }

    private long readData() {
        if (rx.isEmpty()) {
            return 0;
        }
        int w = rx.pop();
        if (rx.size() < rxTrigger()) {
            ris &= ~INT_RX;
        }
        if (rx.isEmpty()) {
            ris &= ~INT_RT;
        }
        return w;
    }

    private void writeData(int v) {
        if (!tx.push(v & 0xFF)) {
            return; // a full transmit FIFO drops the character (no overflow flag exists)
        }
        drainTx();
    }

    private void applyFifoEnable() {
        tx.setCapacity(fifoEnabled() ? DEPTH : 1);
        rx.setCapacity(fifoEnabled() ? DEPTH : 1);
    }

    private void drainTx() {
        if ((cr & CR_UARTEN) == 0 || (cr & CR_TXE) == 0 || tx.isEmpty()) {
            return;
        }
        boolean loop = (cr & CR_LBE) != 0;
        while (!tx.isEmpty()) {
            int b = tx.pop();
            if (loop) {
                if ((cr & CR_RXE) != 0) {
                    pushRx(b);
                }
            } else {
                emit(b);
            }
        }
        ris |= INT_TX; // the FIFO went through its trigger level to empty
        if (loop) {
            lineIdle();
        }
    }

    /** A character arrives: into the FIFO, or an overrun (the character is lost, OE set). */
    private void pushRx(int b) {
        if (!rx.push(b)) {
            rsr |= RSR_OE;
            ris |= INT_OE;
            return;
        }
        if (rx.size() >= rxTrigger()) {
            ris |= INT_RX;
        }
    }

    /** No further character for 32 bit periods: the receive timeout, while data waits in the FIFO. */
    private void lineIdle() {
        if (!rx.isEmpty()) {
            ris |= INT_RT;
        }
    }

    private void emit(int b) {
        try {
            out.write(b);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": console output failed", e);
        }
    }

    private void updateIrq() {
        boolean level = (ris & imsc) != 0;
        if (level != irqLevel) {
            irqLevel = level;
            irq.set(level);
        }
    }
}
