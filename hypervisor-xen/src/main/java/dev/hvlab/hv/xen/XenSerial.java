package dev.hvlab.hv.xen;

import static dev.hvlab.core.gic.GicRegisters.GICD_IROUTER;
import static dev.hvlab.core.gic.GicRegisters.GICD_ISENABLER;

import dev.hvlab.core.config.BoardConfig;
import dev.hvlab.core.hypervisor.El2Operations;
import dev.hvlab.core.uart.Lpuart;

/**
 * Xen's driver for the board's LPUART when Xen owns it (true dom0less: no hardware domain to pass
 * it to), after xen/drivers/char/imx-lpuart.c and serial.c: at boot the transmitter and receiver
 * are enabled with the firmware's baud rate (init_preirq), the SPI is routed to pCPU 0 and enabled
 * (setup_irq) and the receive and idle-line interrupts are unmasked (init_postirq). Each interrupt
 * takes one character (serial_rx_interrupt calls getc once; the level-sensitive line stays high
 * while more wait, so the next one is taken at once) and hands it to {@link XenConsole#serialRx},
 * which gives it to the vpl011 of the domain with the console focus.
 *
 * <p>Model choice: Xen's console output does not go through this UART's transmitter (the model
 * writes it to the board's console stream directly), so TIE is left clear and there is no
 * transmit interrupt.
 */
final class XenSerial {
    private final XenModel xen;
    private final long base;
    final int spi;

    private XenSerial(XenModel xen, long base, int spi) {
        this.xen = xen;
        this.base = base;
        this.spi = spi;
    }

    /** The driver for the board's first LPUART with an SPI, or null when there is none. */
    static XenSerial of(XenModel xen, BoardConfig board) {
        for (BoardConfig.Device d : board.devices()) {
            if (d.type().equals("nxp-lpuart") && !d.irqs().isEmpty() && d.irqs().get(0) >= 32) {
                return new XenSerial(xen, d.base(), d.irqs().get(0));
            }
        }
        return null;
    }

    /** imx_lpuart_init_preirq + init_postirq, with the SPI routed to pCPU 0. */
    void init(El2Operations ops, long gicdBase) {
        long oldCtrl = ops.deviceRead(base + Lpuart.CTRL, 4);
        long ctrl = oldCtrl | Lpuart.CTRL_TE | Lpuart.CTRL_RE;
        long bd = ops.deviceRead(base + Lpuart.BAUD, 4);
        ops.deviceRead(base + Lpuart.STAT, 4); // wait for TC: the model's transmitter is always complete
        ops.deviceWrite(base + Lpuart.CTRL, oldCtrl & ~(Lpuart.CTRL_TE | Lpuart.CTRL_RE), 4);
        ops.deviceWrite(base + Lpuart.MODIR, 0, 4);
        ops.deviceWrite(base + Lpuart.BAUD, bd & ~(1L << 23 | 1L << 21), 4); // TDMAE, RDMAE off
        ops.deviceWrite(base + Lpuart.CTRL, ctrl, 4);
        // setup_irq: gicv3_irq_set_affinity (IROUTER) and gicv3_irq_enable.
        ops.deviceWrite(gicdBase + GICD_IROUTER + 8L * spi, xen.platform().affinity(0), 8);
        ops.deviceWrite(gicdBase + GICD_ISENABLER + 4L * (spi / 32), 1L << (spi % 32), 4);
        ops.deviceWrite(base + Lpuart.CTRL, ctrl | Lpuart.CTRL_RIE | Lpuart.CTRL_ILIE, 4);
    }

    /** imx_lpuart_interrupt: STAT and the RX count; one character through serial_rx_interrupt; STAT written back. */
    void interrupt(El2Operations ops, XenConsole.Receiver receiver) {
        long sts = ops.deviceRead(base + Lpuart.STAT, 4);
        long rxcnt = ops.deviceRead(base + Lpuart.WATER, 4) >>> 24;
        if ((sts & Lpuart.STAT_RDRF) != 0 || rxcnt > 0) {
            rxInterrupt(ops, receiver);
        }
        ops.deviceWrite(base + Lpuart.STAT, sts, 4);
    }

    /** serial_rx_interrupt: getc under the port's rx_lock, then the console's handler with the 7-bit character. */
    private void rxInterrupt(El2Operations ops, XenConsole.Receiver receiver) {
        long lock = xen.memory().pcpu(0) + XenMemory.PCPU_IRQ_DESC + 0x40;
        ops.store("spin_lock_irqsave port->rx_lock", lock, 1, 4);
        int c = -1;
        if ((ops.deviceRead(base + Lpuart.STAT, 4) & Lpuart.STAT_RDRF) != 0) {
            c = (int) ops.deviceRead(base + Lpuart.DATA, 4) & 0xFF;
            if ((ops.deviceRead(base + Lpuart.STAT, 4) & Lpuart.STAT_OR) != 0) {
                ops.deviceWrite(base + Lpuart.STAT, Lpuart.STAT_OR, 4);
            }
        }
        ops.store("spin_unlock_irqrestore port->rx_lock", lock, 0, 4);
        if (c >= 0) {
            ops.compute("serial_rx: switch code check, __serial_rx", 8);
            xen.console().serialRx((byte) (c & 0x7F), xen.domains, receiver);
        }
    }
}
