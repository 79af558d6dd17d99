package dev.hvlab.core.hypervisor;

import dev.hvlab.core.config.BoardConfig;
import dev.hvlab.core.config.UserInputException;
import dev.hvlab.core.exception.ExceptionModel;
import dev.hvlab.core.firmware.El3Firmware;
import dev.hvlab.core.gic.Gic;
import dev.hvlab.core.machine.Machine;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * What a hypervisor model is installed on: the machine and the board's facts (RAM, clusters, device
 * map), its GIC, its EL3 firmware (for SMCs the hypervisor itself issues), the exception model the
 * dispatcher hooks into, and where the hypervisor's own console output goes.
 *
 * @param machine         the machine (CPUs, memory, timing model)
 * @param board           the board description: RAM regions, clusters, devices and their IRQs
 * @param gic             the GICv3, or null on a board without one
 * @param firmware        the EL3 firmware model, or null
 * @param exceptions      the exception model shared by the CPUs
 * @param console         the hypervisor's debug console (the board's console stream)
 * @param configDirectory where the model's config file is, to resolve relative image paths; null for none
 */
public record El2Platform(Machine machine, BoardConfig board, Gic gic, El3Firmware firmware,
        ExceptionModel exceptions, OutputStream console, Path configDirectory) {

    /** The core type of CPU {@code index}: CPUs are numbered through the clusters in order. */
    public String coreType(int index) {
        int first = 0;
        for (BoardConfig.Cluster c : board.clusters()) {
            if (index < first + c.cpus()) {
                return c.coreType();
            }
            first += c.cpus();
        }
        throw new IllegalArgumentException("no CPU " + index);
    }

    /** MPIDR_EL1 affinity (Aff1.Aff0) of CPU {@code index}. */
    public long affinity(int index) {
        return machine.cpu(index).sysregs.mpidr & 0xFF_FFFF_FFFFL & ~(1L << 31) & ~(1L << 30);
    }

    /** The first device of {@code type} on the board, or null. */
    public BoardConfig.Device device(String type) {
        for (BoardConfig.Device d : board.devices()) {
            if (d.type().equals(type)) {
                return d;
            }
        }
        return null;
    }

    /** The board's GICv3 distributor and redistributor region. */
    public record GicV3(BoardConfig.Device distributor, BoardConfig.Device redistributors) {
    }

    /**
     * The GICv3 every hypervisor model needs: its distributor and redistributor region, or a user
     * error naming {@code model} on a board without one.
     */
    public GicV3 requireGicV3(String model) {
        BoardConfig.Device gicd = device("gicv3-distributor");
        BoardConfig.Device gicr = device("gicv3-redistributor");
        if (gicd == null || gicr == null || gic == null) {
            throw new UserInputException(model + ": board '" + board.name() + "' has no GICv3; the model needs one");
        }
        return new GicV3(gicd, gicr);
    }

    /** A file named in the model's config: relative to the config's directory. */
    public Path resolve(String file) {
        Path p = Path.of(file);
        return configDirectory == null || p.isAbsolute() ? p : configDirectory.resolve(p);
    }
}
