package dev.hvlab.bench.run;

import dev.hvlab.board.imx8qm.Board;
import dev.hvlab.board.imx8qm.Boot;
import dev.hvlab.board.imx8qm.DeviceTree;
import dev.hvlab.board.imx8qm.HypervisorInstall;
import dev.hvlab.core.config.BoardConfig;
import dev.hvlab.core.fdt.Fdt;
import dev.hvlab.core.fdt.FdtNode;
import dev.hvlab.core.hypervisor.El2Dispatcher;
import dev.hvlab.core.spi.HypervisorProvider;
import dev.hvlab.core.spi.Providers;
import java.io.OutputStream;
import java.util.Map;

/**
 * A workload under a hypervisor model with its default configuration: the image is loaded as a
 * kernel entered at EL2 would be, the model takes EL2 and starts the image at EL1 as its first
 * partition (Jailhouse's root cell, Xen's dom0, ...). The workload learns the hypervisor's
 * hypercall convention from {@code hv_abi}, the first word of its image, written here before it
 * starts (src/main/guest/bare/start.S).
 */
public final class ModelEnvironment implements Environment {
    /** Where the workload images keep {@code hv_abi} (link.ld). */
    static final long HV_ABI = WorkloadRunner.IMAGE_BASE;

    private final HypervisorProvider provider;
    private final long hvAbi;
    private El2Dispatcher dispatcher;

    /** {@code hvAbi}: 0 for SMCCC over HVC #0, 1 for Jailhouse's HVC #0x4a48, 2 for PSCI_VERSION over HVC #0 (start.S). */
    public ModelEnvironment(HypervisorProvider provider, long hvAbi) {
        this.provider = provider;
        this.hvAbi = hvAbi;
    }

    /** Model {@code name} (which must exist, see {@link #exists}) with its hypercall convention. */
    public ModelEnvironment(String name) {
        this(Providers.hypervisor(name), name.equals("jailhouse") ? 1 : 0);
    }

    /** Whether {@code name} is a hypervisor model whose EL2 side exists. */
    public static boolean exists(String name) {
        return Providers.hypervisor(name).create(null) != null;
    }

    @Override
    public String name() {
        return provider.name();
    }

    @Override
    public void boot(Board board, String imageName, byte[] image) {
        Boot.load(board, Boot.Spec.elf(imageName, image, guestEntryEl()));
        byte[] abi = new byte[8];
        for (int i = 0; i < 8; i++) {
            abi[i] = (byte) (hvAbi >>> (8 * i));
        }
        board.machine().memory().write(HV_ABI, abi, 0, 8);
        install(board);
    }

    @Override
    public void bootLinux(Board board, Boot.Spec spec) {
        Boot.Spec s = spec;
        long[] reserved = reservedRam(provider.name(), board.config());
        if (reserved != null && spec.dtb() == null) {
            // As on the real system, the root cell's device tree keeps the hypervisor's memory out
            // of Linux's hands (NXP's imx8qm root-cell DTS: a no-map reserved-memory node).
            Fdt fdt = DeviceTree.generate(board.config(), board.cpuCount(), DeviceTree.Chosen.NONE);
            FdtNode rm = fdt.root().child("reserved-memory");
            rm.cells("#address-cells", 2);
            rm.cells("#size-cells", 2);
            rm.flag("ranges");
            FdtNode hv = rm.child(String.format("%s@%x", provider.name(), reserved[0]));
            hv.cells64("reg", reserved[0], reserved[1]);
            hv.flag("no-map");
            s = new Boot.Spec(spec.kernelName(), spec.kernel(), spec.rawAddress(), spec.initrd(), fdt.toDtb(),
                    "the board's device tree with the " + provider.name() + " memory reserved", spec.append(),
                    spec.entryEl());
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
        // The model's own console output (none by default) is not part of the guest's.
        dispatcher = HypervisorInstall.install(board, provider, null, OutputStream.nullOutputStream(), null);
    }

    /** Why partitions were stopped, one line each; empty when none was. */
    public String stoppedPartitions() {
        StringBuilder b = new StringBuilder();
        if (dispatcher != null) {
            dispatcher.reports().forEach(r -> b.append(r.text()).append('\n'));
        }
        return b.toString();
    }

    @Override
    public int guestEntryEl() {
        return 2;
    }

    @Override
    public Map<String, Long> trapsByPath() {
        return LedgerViews.trapsByPath(dispatcher);
    }

    @Override
    public Map<String, Map<String, Long>> costLedger() {
        return LedgerViews.costLedger(dispatcher);
    }
}
