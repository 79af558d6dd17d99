package dev.hvlab.hv.xvisor;

import dev.hvlab.core.hypervisor.El2Operations;

/**
 * Xvisor's PSCI 0.2 emulation (arch/arm/cpu/common/emulate_psci.c), reached by HVC and by trapped
 * SMC alike ({@code do_psci_call}): VERSION (0.2), CPU_ON (reset the target vCPU to the entry point
 * and kick it), CPU_OFF, AFFINITY_INFO, MIGRATE_INFO_TYPE, SYSTEM_OFF/RESET (the guest is shut
 * down). Anything else is VMM_EINVALID, for which upstream injects an undefined exception.
 */
final class Psci {
    static final int VERSION = 0x8400_0000;
    static final int CPU_SUSPEND = 0x8400_0001;
    static final int CPU_OFF = 0x8400_0002;
    static final int CPU_ON = 0x8400_0003;
    static final int AFFINITY_INFO = 0x8400_0004;
    static final int MIGRATE_INFO_TYPE = 0x8400_0006;
    static final int SYSTEM_OFF = 0x8400_0008;
    static final int SYSTEM_RESET = 0x8400_0009;
    static final long SUCCESS = 0;
    static final long NOT_SUPPORTED = -1;
    static final long INVALID_PARAMETERS = -2;
    static final long ALREADY_ON = -4;
    static final long INTERNAL_FAILURE = -6;
    /** 64-bit calling convention bit. */
    private static final int SMC64 = 0x4000_0000;

    private final XvisorModel model;

    Psci(XvisorModel model) {
        this.model = model;
    }

    /** The call in x0-x3; returns the value for x0, or null for VMM_EINVALID. */
    Long call(El2Operations ops, Vcpu v) {
        int fn = (int) ops.gpr(0);
        ops.compute("emulate_psci_0_2_call: switch", 8);
        int base = fn & ~SMC64;
        return switch (base) {
            case VERSION -> 2L;
            case CPU_SUSPEND & ~SMC64 -> SUCCESS; // returns at once, as a WFI-like suspend
            case CPU_OFF -> {
                model.scheduler().stop(ops, v, Vcpu.State.RESET);
                yield SUCCESS;
            }
            case CPU_ON & ~SMC64 -> cpuOn(ops, v, ops.gpr(1), ops.gpr(2), ops.gpr(3));
            case AFFINITY_INFO & ~SMC64 -> {
                Vcpu t = v.guest.vcpuByMpidr(ops.gpr(1));
                yield t == null ? INVALID_PARAMETERS : t.state == Vcpu.State.RESET ? 1L : 0L;
            }
            case MIGRATE_INFO_TYPE -> 2L;
            case SYSTEM_OFF, SYSTEM_RESET -> {
                model.shutdownGuest(ops, v.guest);
                yield INTERNAL_FAILURE;
            }
            default -> null;
        };
    }

    private long cpuOn(El2Operations ops, Vcpu v, long mpidr, long entry, long contextId) {
        Vcpu t = v.guest.vcpuByMpidr(mpidr);
        if (t == null) {
            return INVALID_PARAMETERS;
        }
        if (t.state != Vcpu.State.RESET) {
            return ALREADY_ON;
        }
        model.resetVcpu(ops, t, entry, contextId);
        model.scheduler().makeReady(ops, t);
        return SUCCESS;
    }
}
