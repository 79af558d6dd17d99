package dev.hvlab.bench.run;

import dev.hvlab.board.imx8qm.Board;
import dev.hvlab.board.imx8qm.Boot;
import dev.hvlab.board.imx8qm.HypervisorInstall;
import dev.hvlab.core.hypervisor.El2Dispatcher;
import dev.hvlab.core.spi.Providers;
import dev.hvlab.hv.xen.XenConfig;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * The workload as Xen's dom0 (the booted image, direct-mapped, with one vCPU per pCPU Xen uses)
 * under the Xen model with Xen's defaults (credit2, vwfi=trap, 50 us timer slop, no hmp-unsafe:
 * on the i.MX 8QM Xen parks the two Cortex-A72s, so dom0 has four vCPUs, unpinned but all on
 * A53s, as the native run's tests pinned to CPU 0 are), except that dom0 gets the PMU (the
 * model's {@code vpmu} option) so that the workloads' cycle counts stay comparable with the bare
 * board's; without it Xen reads the PMU as zero.
 */
public final class Xen implements Environment {
    public static final String NAME = "xen";

    private final XenConfig config;
    private El2Dispatcher dispatcher;

    public Xen() {
        this(new XenConfig(new XenConfig.CommandLine("credit2", "trap", "", 0, false, 50_000, true, false), true,
                List.of()));
    }

    public Xen(XenConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void boot(Board board, String imageName, byte[] image) {
        // Entered at EL2 as Xen is by the firmware (SCR_EL3.HCE set); Xen enters dom0 at EL1.
        Boot.load(board, Boot.Spec.elf(imageName, image, 2));
        install(board);
    }

    /**
     * Debian's kernel as dom0: loaded as a boot loader would (entered at EL2, the DTB and initrd at
     * the top of RAM); the model takes EL2 and builds dom0 as Xen's domain_build.c does, with its
     * own device tree (dom0's memory banks without Xen's, its vCPUs, PSCI by HVC) and the initrd
     * and DTB moved into dom0's RAM, so no reserved-memory node is needed. Linux boots as a plain
     * (not Xen-aware) kernel: the model gives dom0 no {@code /hypervisor} node.
     */
    @Override
    public void bootLinux(Board board, Boot.Spec spec) {
        Boot.load(board, spec);
        install(board);
    }

    private void install(Board board) {
        dispatcher = HypervisorInstall.install(board, Providers.hypervisor(NAME), config, OutputStream.nullOutputStream(),
                null);
    }

    @Override
    public int guestEntryEl() {
        return 1;
    }

    @Override
    public Map<String, Long> trapsByPath() {
        return LedgerViews.trapsByPath(dispatcher, "boot");
    }

    @Override
    public Map<String, Map<String, Long>> costLedger() {
        return LedgerViews.costLedger(dispatcher);
    }
}
