package dev.hvlab.hv.jailhouse;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.hypervisor.El2Dispatcher;
import dev.hvlab.core.hypervisor.El2Operations;

/**
 * PSCI and the SMCCC Arm Architecture Calls as Jailhouse emulates them for a cell
 * (hypervisor/arch/arm-common/psci.c {@code psci_dispatch}, smccc.c {@code handle_smc}): PSCI 1.1
 * within the cell's CPU set (CPU_ON of a CPU outside it is DENIED), SMCCC 1.1 with
 * ARCH_WORKAROUND_1 answered as the firmware answered Jailhouse, everything else NOT_SUPPORTED.
 */
final class PsciEmulation {
    static final int PSCI_VERSION = 0x8400_0000;
    static final int CPU_SUSPEND = 0x8400_0001;
    static final int CPU_OFF = 0x8400_0002;
    static final int CPU_ON = 0x8400_0003;
    static final int AFFINITY_INFO = 0x8400_0004;
    static final int PSCI_FEATURES = 0x8400_000A;
    static final int SMC64 = 0x4000_0000;

    static final int SMCCC_VERSION = 0x8000_0000;
    static final int SMCCC_ARCH_FEATURES = 0x8000_0001;
    static final int SMCCC_ARCH_WORKAROUND_1 = 0x8000_8000;

    static final long SUCCESS = 0;
    static final long NOT_SUPPORTED = -1;
    static final long DENIED = -3;
    static final long ALREADY_ON = -4;
    static final long CPU_IS_ON = 0;
    static final long CPU_IS_OFF = 1;

    private final JailhouseModel model;

    PsciEmulation(JailhouseModel model) {
        this.model = model;
    }

    static boolean isSmcccArch(int fid) {
        return (fid & 0xBF00_0000) == 0x8000_0000;
    }

    static boolean isPsci(int fid) {
        return (fid & 0xBFFF_FFE0) == 0x8400_0000;
    }

    /** smccc.c: the Arm Architecture Calls. */
    long smccc(El2Operations ops, int fid, long arg1) {
        model.count(ops, ops.cpu().index(), PerCpu.STAT_VMEXITS_SMCCC);
        boolean hardened = model.hardened(ops.cpu().index());
        return switch (fid) {
            case SMCCC_VERSION -> 0x1_0001;
            case SMCCC_ARCH_FEATURES -> switch ((int) arg1) {
                case SMCCC_ARCH_WORKAROUND_1 -> hardened ? SUCCESS : NOT_SUPPORTED;
                default -> NOT_SUPPORTED;
            };
            case SMCCC_ARCH_WORKAROUND_1 -> {
                if (hardened) {
                    ops.secureMonitorCall(SMCCC_ARCH_WORKAROUND_1, 0, 0, 0);
                }
                yield hardened ? SUCCESS : NOT_SUPPORTED;
            }
            default -> NOT_SUPPORTED;
        };
    }

    /** psci_dispatch. */
    long psci(El2Operations ops, JailhouseCell cell, int fid, long a1, long a2, long a3) {
        Cpu cpu = ops.cpu();
        model.count(ops, cpu.index(), PerCpu.STAT_VMEXITS_PSCI);
        int fn = fid & ~SMC64;
        long mask = (fid & SMC64) != 0 ? -1L : 0xFFFF_FFFFL;
        return switch (fn) {
            case PSCI_VERSION -> 0x1_0001;
            case CPU_SUSPEND -> SUCCESS; // context-preserving: a WFI the next interrupt ends, then the IRQ path
            case CPU_OFF -> {
                // arm_cpu_park: the CPU waits in the hypervisor for a CPU_ON of its cell.
                model.park(cpu.index());
                yield SUCCESS;
            }
            case CPU_ON -> cpuOn(ops, cell, a1 & mask, a2 & mask, a3 & mask);
            case AFFINITY_INFO -> {
                int target = model.cpuByMpidr(a1 & mask);
                if (target < 0 || !cell.ownsCpu(target)) {
                    yield DENIED;
                }
                yield model.platform().machine().isOn(target) ? CPU_IS_ON : CPU_IS_OFF;
            }
            case PSCI_FEATURES -> switch ((int) a1) {
                case PSCI_VERSION, CPU_SUSPEND, CPU_SUSPEND | SMC64, CPU_OFF, CPU_ON, CPU_ON | SMC64, AFFINITY_INFO,
                        AFFINITY_INFO | SMC64, PSCI_FEATURES, SMCCC_VERSION -> SUCCESS;
                default -> NOT_SUPPORTED;
            };
            default -> NOT_SUPPORTED;
        };
    }

    /** psci_emulate_cpu_on: reset the target to the entry point and kick it with SGI_EVENT. */
    private long cpuOn(El2Operations ops, JailhouseCell cell, long mpidr, long entry, long context) {
        int target = model.cpuByMpidr(mpidr);
        if (target < 0 || !cell.ownsCpu(target)) {
            return DENIED;
        }
        long lock = PerCpu.base(model.hypervisorMemory(), target) + 0x170;
        ops.store("spin_lock control_lock", lock, 1, 4);
        if (model.platform().machine().isOn(target)) {
            ops.store("spin_unlock control_lock", lock, 0, 4);
            return ALREADY_ON;
        }
        ops.store("store cpu_on_entry", lock + 8, entry, 8);
        ops.store("spin_unlock control_lock", lock, 0, 4);
        // The target, parked in the hypervisor, resets itself to the entry on the event (arm_cpu_reset).
        El2Dispatcher.enterEl1(model.platform().machine().cpu(target), entry, context);
        model.platform().machine().powerOn(target);
        ops.sendSgi(IrqChip.SGI_EVENT, target);
        return SUCCESS;
    }
}
