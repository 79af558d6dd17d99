package dev.hvlab.cli;

import dev.hvlab.core.config.BoardConfig;
import dev.hvlab.core.config.InputFiles;
import dev.hvlab.core.config.UserInputException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hvlab boot}: boot a kernel or bare-metal image on a board. */
@Command(name = "boot",
        description = "Boot a kernel or bare-metal image on a board (not implemented yet: issue 7).")
final class BootCommand implements Callable<Integer> {
    @Mixin
    BoardOption board;

    @Option(names = "--kernel", paramLabel = "FILE", required = true,
            description = "The kernel (arm64 Image, gzip Image) or bare-metal ELF to boot.")
    Path kernel;

    @Option(names = "--initrd", paramLabel = "FILE", description = "An initramfs (cpio) to load.")
    Path initrd;

    @Option(names = "--dtb", paramLabel = "FILE", description = "A device tree blob instead of the board's own.")
    Path dtb;

    @Option(names = "--append", paramLabel = "ARGS", description = "The kernel command line.")
    String append;

    @Option(names = "--cpus", paramLabel = "N", description = "How many of the board's CPUs to start (default: all).")
    Integer cpus;

    @Option(names = "--hypervisor", paramLabel = "NAME", defaultValue = "none",
            description = "A hypervisor model from 'hvlab info', or none. Default: ${DEFAULT-VALUE}.")
    String hypervisor;

    @Option(names = "--max-instructions", paramLabel = "N", description = "Stop after N instructions.")
    Long maxInstructions;

    @Override
    public Integer call() {
        InputFiles.requireReadable(kernel, "kernel image");
        if (initrd != null) {
            InputFiles.requireReadable(initrd, "initrd");
        }
        if (dtb != null) {
            InputFiles.requireReadable(dtb, "device tree blob");
        }
        BoardConfig b = board.resolve();
        if (cpus != null && (cpus < 1 || cpus > b.cpuCount())) {
            throw new UserInputException("--cpus " + cpus + ": board '" + b.name() + "' has " + b.cpuCount() + " CPUs");
        }
        if (maxInstructions != null) {
            Checks.positive(maxInstructions, "--max-instructions");
        }
        HypervisorNames.check(hypervisor);
        throw new NotImplementedYet(7);
    }
}
