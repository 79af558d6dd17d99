package dev.hvlab.hv.xen;

import dev.hvlab.core.hypervisor.El2Operations;

/**
 * vsmc.c + vpsci.c: SMCCC calls from a guest, by SMC (trapped by HCR_EL2.TSC) or {@code HVC #0}.
 * SMCCC 1.1 VERSION and ARCH_FEATURES (WORKAROUND_1 where Xen hardens the branch predictor), PSCI
 * 1.1 (VERSION, CPU_ON, CPU_OFF, CPU_SUSPEND as a WFI, AFFINITY_INFO, MIGRATE_INFO_TYPE,
 * SYSTEM_OFF, SYSTEM_RESET, FEATURES) on the domain's vCPUs; anything else NOT_SUPPORTED.
 */
final class Vsmccc {
    static final int SMCCC_VERSION = 0x8000_0000;
    static final int SMCCC_ARCH_FEATURES = 0x8000_0001;
    static final int SMCCC_ARCH_WORKAROUND_1 = 0x8000_8000;
    static final int SMCCC_ARCH_WORKAROUND_2 = 0x8000_7FFF;
    static final int SMCCC_ARCH_WORKAROUND_3 = 0x8000_3FFF;
    static final int PSCI_VERSION = 0x8400_0000;
    static final int PSCI_CPU_SUSPEND = 0xC400_0001;
    static final int PSCI_CPU_OFF = 0x8400_0002;
    static final int PSCI_CPU_ON = 0xC400_0003;
    static final int PSCI_AFFINITY_INFO = 0xC400_0004;
    static final int PSCI_MIGRATE_INFO_TYPE = 0x8400_0006;
    static final int PSCI_SYSTEM_OFF = 0x8400_0008;
    static final int PSCI_SYSTEM_RESET = 0x8400_0009;
    static final int PSCI_FEATURES = 0x8400_000A;
    static final long SUCCESS = 0;
    static final long NOT_SUPPORTED = -1;
    static final long INVALID_PARAMETERS = -2;
    static final long ALREADY_ON = -4;

    private final XenModel xen;

    Vsmccc(XenModel xen) {
        this.xen = xen;
    }

    static boolean isWorkaroundFid(int fid) {
        return fid == SMCCC_ARCH_WORKAROUND_1 || fid == SMCCC_ARCH_WORKAROUND_2 || fid == SMCCC_ARCH_WORKAROUND_3;
    }

    /** vsmccc_handle_call: x0 = function, x1-x3 arguments; the result in x0. */
    void call(El2Operations ops, Vcpu v) {
        int fid = (int) ops.gpr(0);
        ops.compute("vsmccc_handle_call: owner and function", 10);
        long r;
        if ((fid & 0xFF00_0000) == 0x8000_0000) {
            r = arch(ops, fid, ops.gpr(1));
        } else if ((fid & 0x3F00_0000) == 0x0400_0000) {
            ops.path(ops.currentPath() + "-psci");
            r = psci(ops, v, fid);
        } else {
            r = NOT_SUPPORTED;
        }
        ops.setGpr(0, r);
    }

    private long arch(El2Operations ops, int fid, long a1) {
        return switch (fid) {
            case SMCCC_VERSION -> 0x1_0001;
            case SMCCC_ARCH_FEATURES -> (int) a1 == SMCCC_ARCH_FEATURES || (int) a1 == SMCCC_VERSION ? SUCCESS
                    : (int) a1 == SMCCC_ARCH_WORKAROUND_1 && xen.hardenedAnywhere() ? SUCCESS : NOT_SUPPORTED;
            case SMCCC_ARCH_WORKAROUND_1 -> SUCCESS;
            default -> NOT_SUPPORTED;
        };
    }

    private long psci(El2Operations ops, Vcpu v, int fid) {
        XenDomain d = v.domain;
        switch (fid) {
            case PSCI_VERSION:
                return 0x1_0001;
            case PSCI_CPU_ON: {
                int target = xen.vcpuByAffinity(d, ops.gpr(1) & 0xFF_00FF_FFFFL);
                if (target < 0) {
                    return INVALID_PARAMETERS;
                }
                Vcpu t = d.vcpus.get(target);
                if (t.state != Vcpu.State.OFFLINE) {
                    return ALREADY_ON;
                }
                xen.startVcpu(ops, t, ops.gpr(2), ops.gpr(3));
                return SUCCESS;
            }
            case PSCI_CPU_OFF:
                xen.offline(ops, v);
                return SUCCESS;
            case PSCI_CPU_SUSPEND:
                xen.block(ops, v); // vcpu_block_unless_event_pending
                if (xen.vgic().pending(ops, v)) {
                    xen.unblock(ops, v);
                }
                return SUCCESS;
            case PSCI_AFFINITY_INFO: {
                int target = xen.vcpuByAffinity(d, ops.gpr(1) & 0xFF_00FF_FFFFL);
                if (target < 0) {
                    return INVALID_PARAMETERS;
                }
                return d.vcpus.get(target).state == Vcpu.State.OFFLINE ? 1 : 0;
            }
            case PSCI_MIGRATE_INFO_TYPE:
                return 2; // trusted OS not present
            case PSCI_SYSTEM_OFF:
            case PSCI_SYSTEM_RESET:
                xen.shutdown(ops, d);
                return SUCCESS;
            case PSCI_FEATURES: {
                int f = (int) ops.gpr(1);
                return f == PSCI_VERSION || f == PSCI_CPU_ON || f == PSCI_CPU_OFF || f == PSCI_CPU_SUSPEND
                        || f == PSCI_AFFINITY_INFO || f == PSCI_MIGRATE_INFO_TYPE || f == PSCI_SYSTEM_OFF
                        || f == PSCI_SYSTEM_RESET || f == PSCI_FEATURES || f == SMCCC_VERSION ? SUCCESS : NOT_SUPPORTED;
            }
            default:
                return NOT_SUPPORTED;
        }
    }
}
