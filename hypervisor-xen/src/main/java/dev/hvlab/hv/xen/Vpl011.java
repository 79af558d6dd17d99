package dev.hvlab.hv.xen;

/**
 * Xen's emulated SBSA UART for a domU with the back end in Xen (xen/arch/arm/vpl011.c,
 * {@code backend_in_domain = false}, as dom0less builds it): a 4 KiB region at GUEST_PL011_BASE
 * with no stage 2 mapping, so every access traps and lands here, and GUEST_VPL011_SPI as its
 * interrupt (a virtual SPI, no HW bit).
 *
 * <p>Registers as vpl011_mmio_read/write handle them (8-, 16- and 32-bit accesses; a 64-bit one,
 * and a read of the write-only ICR, are refused, which Xen answers with a data abort): DR (a write
 * goes to Xen's console through {@link Output}, a read takes the next byte of the 32-byte receive
 * ring), RSR/ECR (always 0, nothing to clear), FR, IMSC, RIS, MIS and ICR. Every other offset,
 * the PL011 ID registers included, reads as zero and ignores writes (Xen's read_as_zero /
 * write_ignore: the SBSA UART has no ID registers to return).
 *
 * <p>The interrupt is level-sensitive in the device tree but Xen's old vGIC injects it on rising
 * edges only (vpl011_update_interrupt_status: a new bit in MIS since the last update); {@link
 * #takeInjection} reports such an edge to the caller, which injects the SPI.
 *
 * <p>Pure state, no costs: the model prices each access where it calls in.
 */
final class Vpl011 {
    /** xen/include/public/arch-arm.h. */
    static final long GUEST_PL011_BASE = 0x2200_0000L;
    static final long GUEST_PL011_SIZE = 0x1000L;
    static final int GUEST_VPL011_SPI = 32;

    static final int DR = 0x00;
    static final int RSR = 0x04;
    static final int FR = 0x18;
    static final int IMSC = 0x38;
    static final int RIS = 0x3C;
    static final int MIS = 0x40;
    static final int ICR = 0x44;

    static final int FR_BUSY = 1 << 3;
    static final int FR_RXFE = 1 << 4;
    static final int FR_TXFF = 1 << 5;
    static final int FR_RXFF = 1 << 6;
    static final int FR_TXFE = 1 << 7;
    static final int RXI = 1 << 4;
    static final int TXI = 1 << 5;
    static final int RTI = 1 << 6;

    /** SBSA_UART_FIFO_SIZE (the receive ring) and the half-way trigger level. */
    static final int FIFO_SIZE = 32;
    static final int FIFO_LEVEL = FIFO_SIZE / 2;
    /** SBSA_UART_OUT_BUF_SIZE: a line of a domain without the console focus is flushed at this length - 2. */
    static final int OUT_BUF_SIZE = 128;

    /** Where Xen's console output of this UART goes. */
    interface Output {
        /** Whether the domain has the console input focus (console_input_domain). */
        boolean hasFocus();

        /** printk without a prefix: the focus domain's bytes as they come. */
        void raw(byte[] bytes, int len);

        /** guest_printk: one line (ending in a newline) of a domain without the focus, prefixed "(dN) ". */
        void line(byte[] bytes, int len);
    }

    private final Output output;
    private int fr = FR_TXFE | FR_RXFE;
    private int ris;
    private int imsc;
    private int shadowMis;
    private boolean inject;
    private final byte[] in = new byte[FIFO_SIZE];
    private int inProd;
    private int inCons;
    private final byte[] out = new byte[OUT_BUF_SIZE];
    private int outProd;

    Vpl011(Output output) {
        this.output = output;
    }

    /** vpl011_mmio_read: the value, or -1 when Xen refuses the access (a data abort for the guest). */
    long read(int offset, int size) {
        if (size == 8 && isRegister(offset)) {
            return -1; // bad_width
        }
        long v = switch (offset) {
            case DR -> readData() & 0xFF;
            case RSR -> 0;
            case FR -> fr;
            case RIS -> ris;
            case MIS -> ris & imsc;
            case IMSC -> imsc;
            case ICR -> -1; // write-only: Xen's handler fails the read
            default -> 0;
        };
        return v < 0 ? -1 : v & mask(size);
    }

    /** vpl011_mmio_write: false when Xen refuses the access (a data abort for the guest). */
    boolean write(int offset, long value, int size) {
        if (size == 8 && isRegister(offset) && offset != FR && offset != RIS && offset != MIS) {
            return false;
        }
        long m = mask(size);
        switch (offset) {
            case DR -> writeData((byte) value);
            case IMSC -> {
                imsc = (int) ((imsc & ~m) | (value & m));
                updateInterruptStatus();
            }
            case ICR -> {
                ris &= (int) ~(value & m);
                updateInterruptStatus();
            }
            default -> {
                // RSR: nothing to clear; FR, RIS, MIS and unknown offsets: write_ignore.
            }
        }
        return true;
    }

    private static boolean isRegister(int offset) {
        return offset == DR || offset == RSR || offset == FR || offset == IMSC || offset == RIS || offset == MIS
                || offset == ICR;
    }

    private static long mask(int size) {
        return size >= 4 ? 0xFFFF_FFFFL : (1L << (8 * size)) - 1;
    }

    /** vpl011_rx_char_xen: a byte from Xen's serial input; dropped when the ring is full. */
    void receive(byte c) {
        if (inProd - inCons == FIFO_SIZE) {
            return;
        }
        in[inProd++ % FIFO_SIZE] = c;
        int level = inProd - inCons;
        // vpl011_data_avail with the output side empty (Xen writes its output at once).
        if (level > 0) {
            fr &= ~FR_RXFE;
            ris |= RTI; // no timing emulated: the receive timeout counts as expired
        }
        if (level == FIFO_SIZE) {
            fr |= FR_RXFF;
        }
        if (level >= FIFO_SIZE - FIFO_LEVEL) {
            ris |= RXI;
        }
        fr &= ~(FR_TXFF | FR_BUSY);
        ris |= TXI; // vpl011_update_tx_fifo_status(0): level 0 is below any threshold
        updateInterruptStatus();
        fr |= FR_TXFE;
    }

    /** Bytes waiting in the receive ring. */
    int rxLevel() {
        return inProd - inCons;
    }

    /** Whether an access or a received byte raised a new MIS bit, so the SPI is to be injected; clears it. */
    boolean takeInjection() {
        boolean r = inject;
        inject = false;
        return r;
    }

    private int readData() {
        int data = 0;
        if (inProd != inCons) {
            data = in[inCons++ % FIFO_SIZE] & 0xFF;
            int level = inProd - inCons;
            if (level == 0) {
                fr |= FR_RXFE;
                ris &= ~RTI;
            }
            if (level < FIFO_SIZE - FIFO_LEVEL) {
                ris &= ~RXI;
            }
            updateInterruptStatus();
        }
        fr &= ~FR_RXFF;
        return data;
    }

    /** vpl011_write_data_xen: the focus domain's bytes go out at once, the others' by the line. */
    private void writeData(byte data) {
        out[outProd++] = data;
        if (output.hasFocus()) {
            if (outProd == 1) {
                output.raw(out, 1);
            } else {
                // Left over from before the focus came here: flushed as one line.
                if (data != '\n') {
                    out[outProd++] = '\n';
                }
                output.raw(out, outProd);
            }
            outProd = 0;
        } else if (outProd == OUT_BUF_SIZE - 2 || data == '\n') {
            if (data != '\n') {
                out[outProd++] = '\n';
            }
            output.line(out, outProd);
            outProd = 0;
        }
        ris |= TXI;
        fr &= ~FR_TXFE;
        updateInterruptStatus();
    }

    private void updateInterruptStatus() {
        int mis = ris & imsc;
        if ((mis & ~shadowMis) != 0) {
            inject = true;
        }
        shadowMis = mis;
    }

    int fr() {
        return fr;
    }

    int ris() {
        return ris;
    }
}
