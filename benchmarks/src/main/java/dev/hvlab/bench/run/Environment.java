package dev.hvlab.bench.run;

import dev.hvlab.board.imx8qm.Board;
import dev.hvlab.board.imx8qm.Boot;
import dev.hvlab.core.config.UserInputException;
import java.util.Map;

/**
 * What runs beneath a workload: the bare board ({@link Native}) or a hypervisor model. The runner
 * builds the board, asks the environment to boot the workload image on it, runs the machine, and
 * then asks for the environment's own statistics. A hypervisor model plugs in here
 * ({@link Environments#of}) without changes to the runner or the reports.
 */
public interface Environment {
    /** The name in reports and file names: {@code none} for the bare board, else the model's name. */
    String name();

    /**
     * Which build of the workload images this environment boots ({@code Workload.IMX8QM} for the
     * board's memory map, {@code Workload.XEN_DOMU} for Xen's guest layout).
     */
    default String imageLayout() {
        return dev.hvlab.bench.Workload.IMX8QM;
    }

    /** Loads {@code image} (a bare-metal ELF) as the guest on {@code board} and starts its boot CPU. */
    void boot(Board board, String imageName, byte[] image);

    /**
     * Loads a Linux kernel with its initramfs ({@code spec}: an arm64 Image, entered as the boot
     * protocol says) as the guest on {@code board} and starts its boot CPU: the Linux suite
     * ({@code dev.hvlab.bench.linux}). An environment that cannot host Linux says so.
     */
    default void bootLinux(Board board, Boot.Spec spec) {
        throw new UserInputException("environment '" + name() + "' cannot boot Linux yet");
    }

    /** The EL the workload's image is entered at (2 natively: it is its own minimal hypervisor). */
    int guestEntryEl();

    /**
     * After the run: exits to EL2 counted by trap path (e.g. {@code hvc}, {@code mmio.gicd},
     * {@code sysreg.icc_sgi1r}), as path name to count. Empty natively.
     */
    default Map<String, Long> trapsByPath() {
        return Map.of();
    }

    /**
     * After the run: the hypervisor's cost ledger, cycles by path and step (path to step to cycles),
     * which explains each overhead. Empty natively.
     */
    default Map<String, Map<String, Long>> costLedger() {
        return Map.of();
    }
}
