package dev.hvlab.hv.jailhouse;

import dev.hvlab.core.hypervisor.El2Operations;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jailhouse hypercall ABI ({@code hvc #0x4a48}, code in x0, arguments in x1 and x2, result in
 * x0: hypervisor/control.c {@code hypercall}). Information and console calls are modelled; the cell
 * management calls (create, start, set loadable, destroy) and disable are not: cells are created from
 * the config at boot, and those calls answer -ENOSYS (with a warning) where Jailhouse would act.
 */
final class Hypercalls {
    private static final Logger LOG = LoggerFactory.getLogger(Hypercalls.class);

    static final int HVC_CODE = 0x4a48;
    static final int HC_DISABLE = 0;
    static final int HC_CELL_CREATE = 1;
    static final int HC_CELL_START = 2;
    static final int HC_CELL_SET_LOADABLE = 3;
    static final int HC_CELL_DESTROY = 4;
    static final int HC_HYPERVISOR_GET_INFO = 5;
    static final int HC_CELL_GET_STATE = 6;
    static final int HC_CPU_GET_INFO = 7;
    static final int HC_DEBUG_CONSOLE_PUTC = 8;

    static final int INFO_MEM_POOL_SIZE = 0;
    static final int INFO_MEM_POOL_USED = 1;
    static final int INFO_REMAP_POOL_SIZE = 2;
    static final int INFO_REMAP_POOL_USED = 3;
    static final int INFO_NUM_CELLS = 4;
    static final int CPU_INFO_STATE = 0;
    static final int CPU_INFO_STAT_BASE = 1000;
    static final int CPU_RUNNING = 0;
    static final int CPU_FAILED = 2;

    static final long EPERM = -1;
    static final long ENOENT = -2;
    static final long EBUSY = -16;
    static final long EINVAL = -22;
    static final long ENOSYS = -38;

    private final JailhouseModel model;

    Hypercalls(JailhouseModel model) {
        this.model = model;
    }

    long call(El2Operations ops, JailhouseCell cell, long code, long arg1, long arg2) {
        int cpu = ops.cpu().index();
        model.count(ops, cpu, PerCpu.STAT_VMEXITS_HYPERCALL);
        ops.compute("switch (code)", 4);
        boolean root = cell == model.rootCell();
        return switch ((int) code) {
            case HC_DISABLE -> !root ? EPERM : model.cells().size() > 1 ? EBUSY : notModelled(code);
            case HC_CELL_CREATE, HC_CELL_START, HC_CELL_SET_LOADABLE, HC_CELL_DESTROY -> root ? notModelled(code) : EPERM;
            case HC_HYPERVISOR_GET_INFO -> info(arg1);
            case HC_CELL_GET_STATE -> cellState(root, arg1);
            case HC_CPU_GET_INFO -> cpuInfo(ops, cell, root, arg1, arg2);
            case HC_DEBUG_CONSOLE_PUTC -> putc(ops, cell, (int) arg1 & 0xFF);
            default -> ENOSYS;
        };
    }

    private long notModelled(long code) {
        LOG.warn("jailhouse: hypercall {} (cell management) is not modelled: -ENOSYS", code);
        return ENOSYS;
    }

    private long info(long type) {
        return switch ((int) type) {
            case INFO_MEM_POOL_SIZE -> model.config().hypervisorMemory().size() >>> 12;
            case INFO_MEM_POOL_USED -> model.memoryPoolUsedPages();
            case INFO_REMAP_POOL_SIZE, INFO_REMAP_POOL_USED -> 0; // no remap pool: devices are not remapped at EL2
            case INFO_NUM_CELLS -> model.cells().size();
            default -> EINVAL;
        };
    }

    private long cellState(boolean root, long id) {
        if (!root) {
            return EPERM;
        }
        for (JailhouseCell c : model.cells()) {
            if (c.config.id() == id) {
                return c.state;
            }
        }
        return ENOENT;
    }

    private long cpuInfo(El2Operations ops, JailhouseCell cell, boolean root, long cpuId, long type) {
        if (cpuId < 0 || cpuId >= model.platform().machine().cpus().size()) {
            return EINVAL;
        }
        if (!root && !cell.ownsCpu((int) cpuId)) {
            return EPERM;
        }
        if (type == CPU_INFO_STATE) {
            JailhouseCell owner = model.cellOf((int) cpuId);
            return owner != null && owner.state == JailhouseCell.FAILED ? CPU_FAILED : CPU_RUNNING;
        }
        if (type >= CPU_INFO_STAT_BASE && type - CPU_INFO_STAT_BASE < PerCpu.NUM_STATS) {
            long pa = PerCpu.stat(model.hypervisorMemory(), (int) cpuId, (int) (type - CPU_INFO_STAT_BASE));
            return ops.load("load stats[type]", pa, 8) & 0x7FFF_FFFFL;
        }
        return EINVAL;
    }

    /** The debug console: the hypervisor's console, each line prefixed with the cell's name. */
    private long putc(El2Operations ops, JailhouseCell cell, int c) {
        if (!cell.config.debugConsole()) {
            return EPERM;
        }
        ops.compute("printk", 16);
        if (c == '\n') {
            byte[] line = ("[" + cell.name() + "] " + cell.consoleLine.toString(StandardCharsets.UTF_8) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            cell.consoleLine.reset();
            OutputStream out = model.platform().console();
            try {
                out.write(line);
                out.flush();
            } catch (IOException e) {
                LOG.warn("jailhouse: debug console: {}", e.getMessage());
            }
        } else {
            cell.consoleLine.write(c);
        }
        return 0;
    }
}
