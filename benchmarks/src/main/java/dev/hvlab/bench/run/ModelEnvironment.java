package dev.hvlab.bench.run;

import dev.hvlab.board.imx8qm.Board;
import dev.hvlab.board.imx8qm.Boot;
import dev.hvlab.board.imx8qm.DeviceTree;
import dev.hvlab.core.config.BoardConfig;
import dev.hvlab.core.fdt.Fdt;
import dev.hvlab.core.fdt.FdtNode;
import dev.hvlab.core.hypervisor.CostLedger;
import dev.hvlab.core.hypervisor.El2Dispatcher;
import dev.hvlab.core.hypervisor.El2Platform;
import dev.hvlab.core.hypervisor.HypervisorModel;
import dev.hvlab.core.spi.Providers;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A hypervisor model with its default configuration (for Jailhouse: one root cell with every CPU
 * and all memory), installed as {@code hvlab boot --hypervisor NAME} installs it: the guest is
 * loaded first, entering at EL2, then the model takes EL2 over and runs the guest as its first
 * partition at EL1. The statistics come from the model's cost ledger.
 */
public final class ModelEnvironment implements Environment {
    private final String name;
    private El2Dispatcher dispatcher;

    /** {@code name} must be a model that exists ({@link #exists}). */
    public ModelEnvironment(String name) {
        this.name = name;
    }

    /** Whether {@code name} is a hypervisor model whose EL2 side exists. */
    public static boolean exists(String name) {
        return Providers.hypervisor(name).create(null) != null;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void boot(Board board, String imageName, byte[] image) {
        Boot.load(board, Boot.Spec.elf(imageName, image, guestEntryEl() + 1));
        install(board);
    }

    @Override
    public void bootLinux(Board board, Boot.Spec spec) {
        Boot.Spec s = spec;
        long[] reserved = reservedRam(name, board.config());
        if (reserved != null && spec.dtb() == null) {
            // As on the real system, the root cell's device tree keeps the hypervisor's memory out
            // of Linux's hands (NXP's imx8qm root-cell DTS: a no-map reserved-memory node).
            Fdt fdt = DeviceTree.generate(board.config(), board.cpuCount(), DeviceTree.Chosen.NONE);
            FdtNode rm = fdt.root().child("reserved-memory");
            rm.cells("#address-cells", 2);
            rm.cells("#size-cells", 2);
            rm.flag("ranges");
            FdtNode hv = rm.child(String.format("%s@%x", name, reserved[0]));
            hv.cells64("reg", reserved[0], reserved[1]);
            hv.flag("no-map");
            s = new Boot.Spec(spec.kernelName(), spec.kernel(), spec.rawAddress(), spec.initrd(), fdt.toDtb(),
                    "the board's device tree with the " + name + " memory reserved", spec.append(), spec.entryEl());
        }
        Boot.load(board, s);
        install(board);
    }

    /**
     * The RAM the model keeps for itself with its default configuration, {base, size}, or null.
     * Jailhouse: 4 MiB at 36 MiB below the end of the first RAM region (0xfdc00000 on the i.MX 8QM,
     * NXP's imx8qm.c), the rule of hypervisor-jailhouse's JailhouseConfigs.
     */
    static long[] reservedRam(String model, BoardConfig config) {
        if (!model.equals("jailhouse")) {
            return null;
        }
        BoardConfig.Ram first = config.ram().get(0);
        return new long[] {first.base() + first.size() - 0x240_0000L, 0x40_0000L};
    }

    private void install(Board board) {
        HypervisorModel model = Providers.hypervisor(name).create(null);
        // The model's own console output (none by default) is not part of the guest's.
        El2Platform platform = new El2Platform(board.machine(), board.config(), board.gic(), board.firmware(),
                board.exceptions(), OutputStream.nullOutputStream(), null);
        dispatcher = El2Dispatcher.install(model, platform);
    }

    @Override
    public int guestEntryEl() {
        return 1;
    }

    @Override
    public Map<String, Long> trapsByPath() {
        Map<String, Long> m = new LinkedHashMap<>();
        if (dispatcher != null) {
            for (CostLedger.PathTotal p : dispatcher.ledger().paths()) {
                m.merge(p.path(), p.taken(), Long::sum);
            }
        }
        return m;
    }

    @Override
    public Map<String, Map<String, Long>> costLedger() {
        Map<String, Map<String, Long>> m = new LinkedHashMap<>();
        if (dispatcher != null) {
            for (CostLedger.Row r : dispatcher.ledger().rows()) {
                m.computeIfAbsent(r.path(), k -> new LinkedHashMap<>()).merge(r.step(), r.cycles(), Long::sum);
            }
        }
        return m;
    }

    /** Why partitions were stopped, one line each; empty when none was. */
    public String stoppedPartitions() {
        StringBuilder b = new StringBuilder();
        if (dispatcher != null) {
            dispatcher.reports().forEach(r -> b.append(r.text()).append('\n'));
        }
        return b.toString();
    }
}
