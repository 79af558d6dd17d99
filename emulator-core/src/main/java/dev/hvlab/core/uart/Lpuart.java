package dev.hvlab.core.uart;

import dev.hvlab.core.irq.InterruptLine;
import dev.hvlab.core.mem.BusErrorException;
import dev.hvlab.core.mem.MmioDevice;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The NXP Low Power UART (LPUART) with the 32-bit register layout of the i.MX 7ULP and i.MX 8QM
 * (i.MX 8QM Reference Manual, chapter "Low Power Universal Asynchronous Receiver/Transmitter"):
 * VERID 0x00, PARAM 0x04, GLOBAL 0x08, PINCFG 0x0C, BAUD 0x10, STAT 0x14, CTRL 0x18, DATA 0x1C,
 * MATCH 0x20, MODIR 0x24, FIFO 0x28, WATER 0x2C. What Linux's fsl_lpuart driver (compatible
 * "fsl,imx8qxp-lpuart", registers at base + 0x10) and its lpuart32 earlycon use.
 *
 * <p>Models: transmit and receive FIFOs (64 words on the i.MX 8QM, 1 when FIFO.TXFE/RXFE is clear)
 * with their watermarks (WATER), counts and flush; STAT.TDRE (TX count <= TXWATER), TC, RDRF (RX
 * count > RXWATER, or any data once the line is idle when FIFO.RXIDEN is set), IDLE, OR (W1C);
 * FIFO.TXOF/RXUF (W1C); CTRL.TE/RE; loop-back mode (CTRL.LOOPS); the interrupt output as the OR of
 * TIE&TDRE, TCIE&TC, RIE&RDRF, ILIE&IDLE, ORIE&OR, MA1IE&MA1F, MA2IE&MA2F, TXOFE&TXOF, RXUFE&RXUF;
 * GLOBAL.RST (registers held at their reset values while set).
 *
 * <p>Transmission is instantaneous: a byte written to DATA while CTRL.TE is set leaves at once (to
 * the output stream), so the TX FIFO is empty and TDRE and TC read 1 whenever the transmitter is
 * enabled; bytes written while TE is clear wait in the FIFO until it is set. This keeps runs
 * deterministic without pricing console output at the baud rate. Reception: the machine delivers
 * bytes through {@link SerialPort#receive}; after each delivery the line counts as idle (STAT.IDLE,
 * the RXIDEN condition).
 *
 * <p>Does not model: baud-rate timing (BAUD is stored only), parity/noise/framing errors, break
 * generation and detection, address-match wake-up (MATCH is stored; MA1F/MA2F never set), 9/10-bit
 * characters and MSBF/TXINV/RXINV bit manipulation, modem/IrDA control (MODIR stored), DMA requests,
 * PINCFG trigger inputs. Only 32-bit accesses exist: others are bus errors.
 */
public final class Lpuart implements MmioDevice, SerialPort {
    public static final int VERID = 0x00;
    public static final int PARAM = 0x04;
    public static final int GLOBAL = 0x08;
    public static final int PINCFG = 0x0C;
    public static final int BAUD = 0x10;
    public static final int STAT = 0x14;
    public static final int CTRL = 0x18;
    public static final int DATA = 0x1C;
    public static final int MATCH = 0x20;
    public static final int MODIR = 0x24;
    public static final int FIFO = 0x28;
    public static final int WATER = 0x2C;
    /** The register block's size; the rest of a 64 KiB slot reads as zero. */
    public static final int SIZE = 0x30;

    /** VERID of the i.MX 8QM LPUART: version 4.1, feature set 3 (standard + modem/IrDA). */
    public static final int VERID_IMX8QM = 0x0401_0003;
    /** log2 of the FIFO depth on the i.MX 8QM (64 words). */
    public static final int FIFO_LOG2_IMX8QM = 6;

    public static final int GLOBAL_RST = 1 << 1;
    public static final int BAUD_RESET = 0x0F00_0004; // OSR = 15 (16x oversampling), SBR = 4

    public static final int STAT_LBKDIF = 1 << 31;
    public static final int STAT_RXEDGIF = 1 << 30;
    public static final int STAT_TDRE = 1 << 23;
    public static final int STAT_TC = 1 << 22;
    public static final int STAT_RDRF = 1 << 21;
    public static final int STAT_IDLE = 1 << 20;
    public static final int STAT_OR = 1 << 19;
    public static final int STAT_NF = 1 << 18;
    public static final int STAT_FE = 1 << 17;
    public static final int STAT_PF = 1 << 16;
    public static final int STAT_MA1F = 1 << 15;
    public static final int STAT_MA2F = 1 << 14;
    /** STAT flags cleared by writing 1. */
    private static final int STAT_W1C = STAT_LBKDIF | STAT_RXEDGIF | STAT_IDLE | STAT_OR | STAT_NF | STAT_FE | STAT_PF
            | STAT_MA1F | STAT_MA2F;
    /** STAT control bits: MSBF, RXINV, RWUID, BRK13, LBKDE. */
    private static final int STAT_CONTROL = 0x3E00_0000;

    public static final int CTRL_ORIE = 1 << 27;
    public static final int CTRL_TIE = 1 << 23;
    public static final int CTRL_TCIE = 1 << 22;
    public static final int CTRL_RIE = 1 << 21;
    public static final int CTRL_ILIE = 1 << 20;
    public static final int CTRL_TE = 1 << 19;
    public static final int CTRL_RE = 1 << 18;
    public static final int CTRL_MA1IE = 1 << 15;
    public static final int CTRL_MA2IE = 1 << 14;
    public static final int CTRL_LOOPS = 1 << 7;
    public static final int CTRL_RSRC = 1 << 5;
    /** CTRL bits that exist (bits 13:12 are reserved). */
    private static final int CTRL_MASK = 0xFFFF_CFFF;

    public static final int DATA_RXEMPT = 1 << 12;

    public static final int FIFO_TXEMPT = 1 << 23;
    public static final int FIFO_RXEMPT = 1 << 22;
    public static final int FIFO_TXOF = 1 << 17;
    public static final int FIFO_RXUF = 1 << 16;
    public static final int FIFO_TXFLUSH = 1 << 15;
    public static final int FIFO_RXFLUSH = 1 << 14;
    public static final int FIFO_RXIDEN = 7 << 10;
    public static final int FIFO_TXOFE = 1 << 9;
    public static final int FIFO_RXUFE = 1 << 8;
    public static final int FIFO_TXFE = 1 << 7;
    public static final int FIFO_RXFE = 1 << 3;
    private static final int FIFO_CONTROL = FIFO_RXIDEN | FIFO_TXOFE | FIFO_RXUFE | FIFO_TXFE | FIFO_RXFE;

    private static final int MATCH_MASK = 0x03FF_03FF;
    private static final int MODIR_MASK = 0x0007_FF3F;

    private final String name;
    private final OutputStream out;
    private final InterruptLine irq;
    private final int verid;
    private final int fifoLog2;
    private final RegisterWarnings warnings;
    private final ByteFifo tx;
    private final ByteFifo rx;

    private int global;
    private int pincfg;
    private int baud;
    /** STAT's stored bits: the W1C flags and the control bits; TDRE, TC, RDRF and RAF are computed. */
    private int stat;
    private int ctrl;
    private int match;
    private int modir;
    /** FIFO's stored bits: its controls and the TXOF/RXUF flags. */
    private int fifo;
    private int txWater;
    private int rxWater;
    /** The receive line went idle after the last delivered character (the RXIDEN condition). */
    private boolean rxLineIdle;
    private boolean irqLevel;

    /** An i.MX 8QM LPUART named {@code name} (for warnings), writing to {@code out}, interrupting on {@code irq}. */
    public Lpuart(String name, OutputStream out, InterruptLine irq) {
        this(name, out, irq, VERID_IMX8QM, FIFO_LOG2_IMX8QM);
    }

    public Lpuart(String name, OutputStream out, InterruptLine irq, int verid, int fifoLog2) {
        if (fifoLog2 < 0 || fifoLog2 > 8 || fifoLog2 == 1) {
            throw new IllegalArgumentException("LPUART FIFO depth must be 1 or 4..256 words: 2^" + fifoLog2);
        }
        this.name = name;
        this.out = out;
        this.irq = irq;
        this.verid = verid;
        this.fifoLog2 = fifoLog2;
        this.warnings = new RegisterWarnings(name);
        this.tx = new ByteFifo(1 << fifoLog2);
        this.rx = new ByteFifo(1 << fifoLog2);
        reset();
    }

    /** Register reset values (RM: BAUD 0x0F000004, STAT 0x00C00000, DATA 0x00001000, others 0). */
    private void reset() {
        pincfg = 0;
        baud = BAUD_RESET;
        stat = 0;
        ctrl = 0;
        match = 0;
        modir = 0;
        fifo = 0;
        txWater = 0;
        rxWater = 0;
        tx.clear();
        rx.clear();
        rxLineIdle = false;
        applyFifoEnables();
    }

    /**
     * The state a boot loader leaves the console in (U-Boot's lpuart32 driver: transmitter and
     * receiver on, FIFOs enabled), so that an earlycon which never initializes the UART prints.
     */
    public void enableAsFirmwareLeftIt() {
        fifo |= FIFO_TXFE | FIFO_RXFE;
        applyFifoEnables();
        ctrl |= CTRL_TE | CTRL_RE;
        drainTx();
        updateIrq();
    }

    /** The level of the interrupt output. */
    public boolean interruptLevel() {
        return irqLevel;
    }

    @Override
    public long read(int cpuIndex, long offset, int size) {
        if (size != 4 || (offset & 3) != 0) {
            throw BusErrorException.INSTANCE;
        }
        long v = switch ((int) offset) {
            case VERID -> verid;
            case PARAM -> (fifoLog2 << 8) | fifoLog2;
            case GLOBAL -> global;
            case PINCFG -> pincfg;
            case BAUD -> baud;
            case STAT -> statValue();
            case CTRL -> ctrl;
            case DATA -> readData();
            case MATCH -> match;
            case MODIR -> modir;
            case FIFO -> fifoValue();
            case WATER -> (long) rx.size() << 24 | (long) rxWater << 16 | (long) tx.size() << 8 | txWater;
            default -> {
                warnings.once("read of a reserved offset", offset);
                yield 0;
            }
        };
        updateIrq();
        return v & 0xFFFF_FFFFL;
    }

    @Override
    public void write(int cpuIndex, long offset, long value, int size) {
        if (size != 4 || (offset & 3) != 0) {
            throw BusErrorException.INSTANCE;
        }
        int v = (int) value;
        if (offset == GLOBAL) {
            global = v & GLOBAL_RST;
            if (global != 0) {
                reset();
            }
            updateIrq();
            return;
        }
        if ((global & GLOBAL_RST) != 0) {
            return; // held in reset: only GLOBAL is writable
        }
        switch ((int) offset) {
            case PINCFG -> pincfg = v & 3;
            case BAUD -> baud = v;
            case STAT -> stat = (stat & ~STAT_CONTROL & ~(v & STAT_W1C)) | (v & STAT_CONTROL);
            case CTRL -> {
                ctrl = v & CTRL_MASK;
                drainTx();
            }
            case DATA -> writeData(v);
            case MATCH -> match = v & MATCH_MASK;
            case MODIR -> modir = v & MODIR_MASK;
            case FIFO -> writeFifo(v);
            case WATER -> {
                txWater = v & 0xFF;
                rxWater = (v >>> 16) & 0xFF;
            }
            case VERID, PARAM -> warnings.once("write to a read-only register", offset);
            default -> warnings.once("write to a reserved offset", offset);
        }
        updateIrq();
    }

    @Override
    public int receive(byte[] data, int off, int len) {
        if ((global & GLOBAL_RST) != 0 || (ctrl & CTRL_RE) == 0 || (ctrl & CTRL_LOOPS) != 0) {
            return 0;
        }
        int n = 0;
        while (n < len && !rx.isFull()) {
            rx.push(data[off + n] & 0xFF);
            n++;
        }
        if (n > 0) {
            // The line is idle after the delivered characters.
            stat |= STAT_IDLE;
            rxLineIdle = true;
        }
        updateIrq();
        return n;
    }

    private int statValue() {
        int v = stat;
        boolean txFifo = (fifo & FIFO_TXFE) != 0;
        if (txFifo ? tx.size() <= txWater : tx.isEmpty()) {
            v |= STAT_TDRE;
        }
        if (tx.isEmpty()) {
            v |= STAT_TC;
        }
        if (rdrf()) {
            v |= STAT_RDRF;
        }
        return v;
    }

    private boolean rdrf() {
        boolean rxFifo = (fifo & FIFO_RXFE) != 0;
        if (rxFifo ? rx.size() > rxWater : !rx.isEmpty()) {
            return true;
        }
        return (fifo & FIFO_RXIDEN) != 0 && rxLineIdle && !rx.isEmpty();
    }

    private int fifoValue() {
        int sizeField = fifoLog2 == 0 ? 0 : fifoLog2 - 1; // UARTFIFO_DEPTH(x) = 2^(x ? x + 1 : 0)
        int v = fifo | sizeField << 4 | sizeField;
        if (tx.isEmpty()) {
            v |= FIFO_TXEMPT;
        }
        if (rx.isEmpty()) {
            v |= FIFO_RXEMPT;
        }
        return v;
    }

    private long readData() {
        if (rx.isEmpty()) {
            fifo |= FIFO_RXUF;
            return DATA_RXEMPT;
        }
        int b = rx.pop();
        if (rx.isEmpty()) {
            rxLineIdle = false;
        }
        return b;
    }

    private void writeData(int v) {
        if (!tx.push(v & 0x3FF)) {
            fifo |= FIFO_TXOF;
            return;
        }
        drainTx();
    }

    private void writeFifo(int v) {
        fifo = (fifo & ~FIFO_CONTROL & ~(v & (FIFO_TXOF | FIFO_RXUF))) | (v & FIFO_CONTROL);
        if ((v & FIFO_TXFLUSH) != 0) {
            tx.clear();
        }
        if ((v & FIFO_RXFLUSH) != 0) {
            rx.clear();
            rxLineIdle = false;
        }
        applyFifoEnables();
    }

    private void applyFifoEnables() {
        tx.setCapacity((fifo & FIFO_TXFE) != 0 ? 1 << fifoLog2 : 1);
        rx.setCapacity((fifo & FIFO_RXFE) != 0 ? 1 << fifoLog2 : 1);
    }

    /** Instantaneous transmission of everything queued, while the transmitter is enabled. */
    private void drainTx() {
        if ((ctrl & CTRL_TE) == 0 || tx.isEmpty()) {
            return;
        }
        boolean loop = (ctrl & CTRL_LOOPS) != 0;
        while (!tx.isEmpty()) {
            int b = tx.pop();
            if (loop) {
                loopBack(b);
            } else {
                emit(b);
            }
        }
        if (loop) {
            stat |= STAT_IDLE;
            rxLineIdle = true;
        }
    }

    /** CTRL.LOOPS with RSRC = 0: the transmitter output feeds the receiver internally. */
    private void loopBack(int b) {
        if ((ctrl & CTRL_RE) == 0) {
            return;
        }
        if (!rx.push(b)) {
            stat |= STAT_OR;
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
        int s = statValue();
        boolean level = ((ctrl & CTRL_TIE) != 0 && (s & STAT_TDRE) != 0)
                || ((ctrl & CTRL_TCIE) != 0 && (s & STAT_TC) != 0)
                || ((ctrl & CTRL_RIE) != 0 && (s & STAT_RDRF) != 0)
                || ((ctrl & CTRL_ILIE) != 0 && (s & STAT_IDLE) != 0)
                || ((ctrl & CTRL_ORIE) != 0 && (s & STAT_OR) != 0)
                || ((ctrl & CTRL_MA1IE) != 0 && (s & STAT_MA1F) != 0)
                || ((ctrl & CTRL_MA2IE) != 0 && (s & STAT_MA2F) != 0)
                || ((fifo & FIFO_TXOFE) != 0 && (fifo & FIFO_TXOF) != 0)
                || ((fifo & FIFO_RXUFE) != 0 && (fifo & FIFO_RXUF) != 0);
        if ((global & GLOBAL_RST) != 0) {
            level = false;
        }
        if (level != irqLevel) {
            irqLevel = level;
            irq.set(level);
        }
    }
}
