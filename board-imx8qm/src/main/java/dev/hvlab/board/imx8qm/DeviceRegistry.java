package dev.hvlab.board.imx8qm;

import dev.hvlab.core.config.BoardConfig;
import dev.hvlab.core.config.UserInputException;
import dev.hvlab.core.fdt.FdtNode;
import dev.hvlab.core.gic.Distributor;
import dev.hvlab.core.gic.Gic;
import dev.hvlab.core.irq.InterruptLine;
import dev.hvlab.core.uart.Lpuart;
import dev.hvlab.core.uart.Pl011;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one place where a board config's device {@code type} strings meet the models: each type's
 * constructor, bus mapping, interrupt wiring and device-tree description.
 */
final class DeviceRegistry {
    static final String GICV3_DISTRIBUTOR = "gicv3-distributor";
    static final String GICV3_REDISTRIBUTOR = "gicv3-redistributor";
    static final String NXP_LPUART = "nxp-lpuart";
    static final String ARM_PL011 = "arm-pl011";

    /** The i.MX 8QM LPUART functional clock (IMX8QM.md: 80 MHz). */
    static final long LPUART_CLOCK_HZ = 80_000_000L;
    /** The PL011 and APB clock QEMU's virt board describes (24 MHz). */
    static final long PL011_CLOCK_HZ = 24_000_000L;

    /** GIC DT interrupt specifier: type (0 SPI, 1 PPI) and flags (4 level high, 8 level low). */
    static final int GIC_SPI = 0;
    static final int GIC_PPI = 1;
    static final int LEVEL_HIGH = 4;
    static final int LEVEL_LOW = 8;

    private static final Map<String, DeviceType> TYPES = new TreeMap<>();

    static {
        TYPES.put(GICV3_DISTRIBUTOR, new GicDistributorType());
        TYPES.put(GICV3_REDISTRIBUTOR, new GicRedistributorType());
        TYPES.put(NXP_LPUART, new LpuartType());
        TYPES.put(ARM_PL011, new Pl011Type());
    }

    private DeviceRegistry() {
    }

    /** The type named {@code type}; unknown is a user error naming the board and the known types. */
    static DeviceType type(BoardConfig board, BoardConfig.Device d) {
        DeviceType t = TYPES.get(d.type());
        if (t == null) {
            throw new UserInputException("board '" + board.name() + "': device '" + d.name() + "' has unknown type '"
                    + d.type() + "' (known: " + String.join(", ", TYPES.keySet()) + ")");
        }
        return t;
    }

    static BoardConfig.Device firstOfType(BoardConfig board, String type) {
        return board.devices().stream().filter(d -> d.type().equals(type)).findFirst().orElse(null);
    }

    private static InterruptLine spiLine(Board.Wiring w, BoardConfig.Device d) {
        if (d.irqs().isEmpty() || w.gic == null) {
            return InterruptLine.NONE;
        }
        int intid = d.irqs().get(0);
        Gic gic = w.gic;
        return level -> gic.setLevel(intid, level);
    }

    /** {@code <0 spi 4>} for each of the device's SPIs (INTID - 32). */
    private static int[] spiSpecifiers(BoardConfig.Device d) {
        List<Integer> irqs = d.irqs();
        int[] cells = new int[irqs.size() * 3];
        for (int i = 0; i < irqs.size(); i++) {
            int intid = irqs.get(i);
            boolean ppi = intid < 32;
            cells[3 * i] = ppi ? GIC_PPI : GIC_SPI;
            cells[3 * i + 1] = ppi ? intid - 16 : intid - 32;
            cells[3 * i + 2] = LEVEL_HIGH;
        }
        return cells;
    }

    private static final class GicDistributorType implements DeviceType {
        @Override
        public void wire(Board.Wiring w, BoardConfig.Device d) {
            if (d.size() < Distributor.SIZE) {
                throw new UserInputException("board '" + w.config.name() + "': device '" + d.name()
                        + "' needs 0x" + Long.toHexString(Distributor.SIZE) + " bytes for a GICv3 distributor");
            }
            w.memory.addDevice(d.base(), Distributor.SIZE, d.name(), w.gic.distributor());
        }

        @Override
        public void describe(DeviceTree.Builder t, BoardConfig.Device d) {
            BoardConfig.Device gicr = firstOfType(t.config, GICV3_REDISTRIBUTOR);
            FdtNode n = t.root().child(DeviceTree.unitName("interrupt-controller", d.base()));
            n.strings("compatible", "arm,gic-v3");
            n.cells("#interrupt-cells", 3);
            n.cells("#address-cells", 0); // an interrupt provider without children (dtc interrupt_provider)
            n.flag("interrupt-controller");
            if (gicr != null) {
                n.cells64("reg", d.base(), Distributor.SIZE, gicr.base(), t.redistributorSize());
                n.cells("#redistributor-regions", 1);
            } else {
                n.cells64("reg", d.base(), Distributor.SIZE);
            }
            n.cells("interrupts", GIC_PPI, Gic.MAINTENANCE_PPI - 16, LEVEL_HIGH);
            n.cells("phandle", t.gicPhandle);
        }
    }

    private static final class GicRedistributorType implements DeviceType {
        @Override
        public void wire(Board.Wiring w, BoardConfig.Device d) {
            long size = w.gic.redistributors().size();
            if (d.size() < size) {
                throw new UserInputException("board '" + w.config.name() + "': device '" + d.name() + "' (0x"
                        + Long.toHexString(d.size()) + " bytes) is too small for " + w.cpus.size()
                        + " GICv3 redistributors (0x" + Long.toHexString(size) + ")");
            }
            w.memory.addDevice(d.base(), size, d.name(), w.gic.redistributors());
        }

        @Override
        public void describe(DeviceTree.Builder t, BoardConfig.Device d) {
            // Part of the GIC node: its second reg entry.
        }
    }

    private static final class LpuartType implements DeviceType {
        @Override
        public void wire(Board.Wiring w, BoardConfig.Device d) {
            Lpuart u = new Lpuart(d.name(), w.serialOut(d), spiLine(w, d));
            u.enableAsFirmwareLeftIt();
            w.memory.addDevice(d.base(), Math.min(d.size(), 0x1000), d.name(), u);
            w.addSerialPort(d, u);
        }

        @Override
        public void describe(DeviceTree.Builder t, BoardConfig.Device d) {
            int clock = t.fixedClock("clock-" + d.name(), LPUART_CLOCK_HZ);
            FdtNode n = t.root().child(DeviceTree.unitName("serial", d.base()));
            // Linux's fsl_lpuart (6.1) requires the "ipg" clock, and "baud" for the i.MX 8QXP-style
            // instances; both are the same fixed clock here, as no SCU firmware is modelled.
            n.strings("compatible", "fsl,imx8qm-lpuart", "fsl,imx7ulp-lpuart");
            n.cells64("reg", d.base(), d.size());
            n.cells("interrupts", spiSpecifiers(d));
            n.cells("clocks", clock, clock);
            n.strings("clock-names", "ipg", "baud");
            n.strings("status", "okay");
            t.addSerial(n);
        }
    }

    private static final class Pl011Type implements DeviceType {
        @Override
        public void wire(Board.Wiring w, BoardConfig.Device d) {
            Pl011 u = new Pl011(d.name(), w.serialOut(d), spiLine(w, d));
            u.enableAsFirmwareLeftIt();
            w.memory.addDevice(d.base(), Math.min(d.size(), Pl011.SIZE), d.name(), u);
            w.addSerialPort(d, u);
        }

        @Override
        public void describe(DeviceTree.Builder t, BoardConfig.Device d) {
            int clock = t.fixedClock("apb-pclk", PL011_CLOCK_HZ);
            FdtNode n = t.root().child(DeviceTree.unitName("pl011", d.base()));
            n.strings("compatible", "arm,pl011", "arm,primecell");
            n.cells64("reg", d.base(), d.size());
            n.cells("interrupts", spiSpecifiers(d));
            n.cells("clocks", clock, clock);
            n.strings("clock-names", "uartclk", "apb_pclk");
            t.addSerial(n);
        }
    }
}
