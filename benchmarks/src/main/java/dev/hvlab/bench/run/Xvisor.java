package dev.hvlab.bench.run;

import dev.hvlab.board.imx8qm.Board;
import dev.hvlab.board.imx8qm.Boot;
import dev.hvlab.board.imx8qm.HypervisorInstall;
import dev.hvlab.core.hypervisor.El2Dispatcher;
import dev.hvlab.core.spi.Providers;
import java.io.OutputStream;
import java.util.Map;

/**
 * The Xvisor model beneath a workload, with its default configuration: one guest running the
 * workload image on a vCPU per CPU (pinned), the console LPUART passed through, the GICv3 view of
 * Xvisor's emulated interrupt controller at the board's GIC addresses, no deviation from upstream
 * (docs/HYPERVISOR-MODELS.md, "Xvisor"). A what-if: Xvisor relies on a GICv2-compatible virtual
 * CPU interface the i.MX 8QM's GIC-500 does not have.
 */
public final class Xvisor implements Environment {
    public static final String NAME = "xvisor";
    /**
     * The workloads' null hypercall under Xvisor (start.S {@code hv_abi}): PSCI_VERSION over HVC #0,
     * which Xvisor's PSCI emulation answers; any other SMCCC call gets an undefined exception.
     */
    static final long HV_ABI_PSCI_VERSION = 2;
    private El2Dispatcher dispatcher;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void boot(Board board, String imageName, byte[] image) {
        Boot.load(board, Boot.Spec.elf(imageName, image, 2));
        byte[] abi = new byte[8];
        abi[0] = (byte) HV_ABI_PSCI_VERSION;
        board.machine().memory().write(ModelEnvironment.HV_ABI, abi, 0, 8);
        // The workload writes to the passed-through LPUART; the model's own console is not the guest's.
        install(board, OutputStream.nullOutputStream());
    }

    /**
     * Linux as the guest of the default config. Its console is Xvisor's emulated PL011 (ttyAMA0),
     * which the guest's device tree gains on a board without one (the model's GuestDeviceTree), since
     * the passed-through LPUART's interrupt is not forwarded; so the command line's console is that
     * one, and the PL011 writes to the board's serial stream.
     */
    @Override
    public void bootLinux(Board board, Boot.Spec spec) {
        String append = spec.append() == null ? null : spec.append().replace("console=ttyLP0", "console=ttyAMA0");
        Boot.load(board, new Boot.Spec(spec.kernelName(), spec.kernel(), spec.rawAddress(), spec.initrd(), spec.dtb(),
                spec.dtbName(), append, spec.entryEl()));
        install(board, board.serialOutput());
    }

    private void install(Board board, OutputStream console) {
        dispatcher = HypervisorInstall.install(board, Providers.hypervisor(NAME), null, console, null);
    }

    @Override
    public int guestEntryEl() {
        return 1;
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
