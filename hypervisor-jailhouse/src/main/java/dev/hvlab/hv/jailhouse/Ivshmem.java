package dev.hvlab.hv.jailhouse;

import static dev.hvlab.core.gic.GicRegisters.GICD_IROUTER;
import static dev.hvlab.core.gic.GicRegisters.GICD_ISPENDR;

import dev.hvlab.core.hypervisor.El2Operations;
import dev.hvlab.core.hypervisor.Stage2Tables;
import dev.hvlab.core.machine.PrimitiveCosts.Barrier;
import java.util.List;

/**
 * ivshmem links (hypervisor/ivshmem.c, arch/arm-common/ivshmem.c), without the virtual PCI device
 * around them: the shared memory is mapped read/write in both cells, and each peer has a trapped
 * register page in the layout of ivshmem 2.0's register BAR (ID 0x00, MAX_PEERS 0x04, INT_CONTROL
 * 0x08, DOORBELL 0x0C, STATE 0x10). A doorbell write to the other peer (with its interrupts enabled)
 * sets that peer's SPI pending in the physical distributor (GICD_ISPENDR), so the peer takes it on
 * the ordinary interrupt-injection path.
 */
final class Ivshmem {
    static final int ID = 0x00;
    static final int MAX_PEERS = 0x04;
    static final int INT_CONTROL = 0x08;
    static final int DOORBELL = 0x0C;
    static final int STATE = 0x10;

    private final JailhouseModel model;

    Ivshmem(JailhouseModel model) {
        this.model = model;
    }

    private List<JailhouseConfig.Ivshmem> links() {
        return model.config().ivshmem();
    }

    /** Maps each link's shared memory into both peers and gives each peer its SPI. */
    void install() {
        for (JailhouseConfig.Ivshmem link : links()) {
            for (JailhouseConfig.Peer peer : link.peers()) {
                JailhouseCell cell = model.cell(peer.cell());
                if (cell == null) {
                    throw new dev.hvlab.core.config.UserInputException("jailhouse: ivshmem peer '" + peer.cell()
                            + "' is not a cell");
                }
                cell.stage2.map(link.sharedMemory().physStart(), link.sharedMemory().physStart(),
                        link.sharedMemory().size(), Stage2Tables.S2AP_RW | Stage2Tables.NORMAL | Stage2Tables.SH_INNER
                                | Stage2Tables.XN);
                cell.irqBitmap[peer.irq()] = true;
                if (cell != model.rootCell()) {
                    model.rootCell().irqBitmap[peer.irq()] = false;
                }
            }
        }
    }

    /** Routes the cell's ivshmem SPIs to its first CPU (GICD_IROUTER), as adjust_irq_target does. */
    void routeInterrupts(El2Operations ops, JailhouseCell cell) {
        for (JailhouseConfig.Ivshmem link : links()) {
            for (JailhouseConfig.Peer peer : link.peers()) {
                if (model.cell(peer.cell()) == cell) {
                    long aff = model.platform().machine().cpu(cell.firstCpu()).sysregs.mpidr & 0xFF_00FF_FFFFL;
                    ops.deviceWrite(model.gicdBase() + GICD_IROUTER + 8L * peer.irq(), aff, 8);
                }
            }
        }
    }

    private long state(int link, int peer) {
        return model.hypervisorMemory() + 0xE000 + (link * 2L + peer) * 0x20;
    }

    /** A register access of {@code cell} at {@code ipa}; null when no ivshmem page of the cell is there. */
    Long access(El2Operations ops, JailhouseCell cell, long ipa, boolean write, long value, int size) {
        for (int l = 0; l < links().size(); l++) {
            List<JailhouseConfig.Peer> peers = links().get(l).peers();
            for (int id = 0; id < 2; id++) {
                JailhouseConfig.Peer peer = peers.get(id);
                if (model.cell(peer.cell()) != cell || Long.compareUnsigned(ipa - peer.registers(), 0x1000) >= 0) {
                    continue;
                }
                ops.path("ivshmem");
                int reg = (int) (ipa - peer.registers());
                long st = state(l, id);
                switch (reg) {
                    case ID:
                        return write ? 0L : (long) id;
                    case MAX_PEERS:
                        return write ? 0L : 2L;
                    case INT_CONTROL:
                        if (write) {
                            ops.store("store int_control", st, value & 1, 4);
                            return 0L;
                        }
                        return ops.load("load int_control", st, 4);
                    case STATE:
                        if (write) {
                            ops.store("store state", st + 4, value, 4);
                            return 0L;
                        }
                        return ops.load("load state", st + 4, 4);
                    case DOORBELL:
                        if (write) {
                            ops.path("ivshmem-doorbell");
                            doorbell(ops, l, (int) (value >>> 16) & 0xFFFF);
                        }
                        return 0L;
                    default:
                        return 0L;
                }
            }
        }
        return null;
    }

    /** ivshmem_trigger_interrupt: the target peer's SPI set pending through GICD_ISPENDR. */
    private void doorbell(El2Operations ops, int link, int target) {
        if (target > 1) {
            return;
        }
        JailhouseConfig.Peer peer = links().get(link).peers().get(target);
        long lock = model.hypervisorMemory() + 0xE800 + link * 8L;
        ops.store("spin_lock ivshmem", lock, 1, 4);
        long enabled = ops.load("load int_control", state(link, target), 4);
        ops.barrier(Barrier.DMB);
        if ((enabled & 1) != 0) {
            int irq = peer.irq();
            ops.deviceWrite(model.gicdBase() + GICD_ISPENDR + 4L * (irq / 32), 1L << (irq % 32), 4);
        }
        ops.store("spin_unlock ivshmem", lock, 0, 4);
    }
}
