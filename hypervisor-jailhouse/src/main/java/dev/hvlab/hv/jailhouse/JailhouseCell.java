package dev.hvlab.hv.jailhouse;

import dev.hvlab.core.hypervisor.Partition;
import dev.hvlab.core.hypervisor.Stage2Tables;
import java.io.ByteArrayOutputStream;

/**
 * A cell at run time: its config, stage 2 tables, IRQ bitmap ({@code cell->arch.irq_bitmap}), state
 * (as the comm region's cell_state) and the partition the dispatcher stops when it fails.
 */
final class JailhouseCell {
    /** JAILHOUSE_CELL_* states. */
    static final int RUNNING = 0;
    static final int SHUT_DOWN = 2;
    static final int FAILED = 3;

    final JailhouseConfig.Cell config;
    final Stage2Tables stage2;
    final int vmid;
    final boolean[] irqBitmap = new boolean[1024];
    final ByteArrayOutputStream consoleLine = new ByteArrayOutputStream();
    Partition partition;
    int state = RUNNING;

    JailhouseCell(JailhouseConfig.Cell config, Stage2Tables stage2, int vmid, int maintenanceIrq) {
        this.config = config;
        this.stage2 = stage2;
        this.vmid = vmid;
        // irqchip_cell_init: every SGI and PPI except those the hypervisor uses, then the config's SPIs.
        for (int i = 0; i < 32; i++) {
            irqBitmap[i] = i != IrqChip.SGI_INJECT && i != IrqChip.SGI_EVENT && i != maintenanceIrq;
        }
        for (int irq : config.irqs()) {
            irqBitmap[irq] = true;
        }
    }

    String name() {
        return config.name();
    }

    boolean ownsCpu(int cpu) {
        return config.cpus().contains(cpu);
    }

    int firstCpu() {
        return config.cpus().stream().mapToInt(Integer::intValue).min().orElseThrow();
    }

    int lastCpu() {
        return config.cpus().stream().mapToInt(Integer::intValue).max().orElseThrow();
    }

    boolean irqInCell(int irq) {
        return irq >= 0 && irq < irqBitmap.length && irqBitmap[irq];
    }
}
