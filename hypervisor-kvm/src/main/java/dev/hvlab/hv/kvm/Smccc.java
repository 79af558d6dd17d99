package dev.hvlab.hv.kvm;

import dev.hvlab.core.hypervisor.El2Operations;

/**
 * The host's SMCCC handler (arch/arm64/kvm/hypercalls.c {@code kvm_hvc_call_handler}) and PSCI 1.1
 * emulation (arch/arm64/kvm/psci.c): SMCCC 1.1 VERSION and ARCH_FEATURES, the Spectre workaround
 * calls answered from the host's state, PSCI VERSION, CPU_ON (the target's reset state set, a
 * KVM_REQ_VCPU_RESET request and a wake-up), CPU_OFF, AFFINITY_INFO, FEATURES, SYSTEM_OFF and
 * SYSTEM_RESET (an exit to the VMM with KVM_EXIT_SYSTEM_EVENT); anything else NOT_SUPPORTED.
 */
final class Smccc {
    static final int VERSION = 0x8000_0000;
    static final int ARCH_FEATURES = 0x8000_0001;
    static final int ARCH_WORKAROUND_1 = 0x8000_8000;
    static final int ARCH_WORKAROUND_3 = 0x8000_3FFF;
    static final int PSCI_VERSION = 0x8400_0000;
    static final int CPU_SUSPEND = 0x8400_0001;
    static final int CPU_OFF = 0x8400_0002;
    static final int CPU_ON = 0x8400_0003;
    static final int AFFINITY_INFO = 0x8400_0004;
    static final int SYSTEM_OFF = 0x8400_0008;
    static final int SYSTEM_RESET = 0x8400_0009;
    static final int PSCI_FEATURES = 0x8400_000A;
    static final int SMC64 = 0x4000_0000;
    static final long NOT_SUPPORTED = -1;
    static final long INVALID_PARAMETERS = -2;
    static final long ALREADY_ON = -4;

    /** What the call asks of the run loop besides its result. */
    enum Outcome { RESUME, CPU_OFF, SYSTEM_EVENT }

    private final KvmModel kvm;
    Outcome outcome;

    Smccc(KvmModel kvm) {
        this.kvm = kvm;
    }

    /** Handles the call in the guest's X0-X3 (read from its context); returns X0. */
    long call(El2Operations ops, Vcpu v) {
        outcome = Outcome.RESUME;
        int fid = (int) ops.gpr(0);
        ops.compute("kvm_hvc_call_handler: kvm_hvc_call_default_allowed, switch (func_id)", 16);
        int fn = fid & ~SMC64;
        long mask = (fid & SMC64) != 0 ? -1L : 0xFFFF_FFFFL;
        switch (fid) {
            case VERSION:
                return 0x1_0001;
            case ARCH_FEATURES:
                return switch ((int) ops.gpr(1)) {
                    case ARCH_WORKAROUND_1 -> kvm.hardened(v.pcpu) ? 0 : 1; // 1: NOT_REQUIRED on this CPU
                    default -> NOT_SUPPORTED;
                };
            default:
                break;
        }
        if ((fid & 0xBFFF_FFE0) != 0x8400_0000) {
            return NOT_SUPPORTED;
        }
        ops.compute("kvm_psci_call: kvm_psci_1_x_call", 12);
        return switch (fn | 0x8400_0000) {
            case PSCI_VERSION -> 0x1_0001;
            case CPU_SUSPEND -> 0; // kvm_psci_vcpu_suspend: a WFI (the next exit handles it)
            case CPU_OFF -> {
                outcome = Outcome.CPU_OFF;
                yield 0;
            }
            case CPU_ON -> cpuOn(ops, v, ops.gpr(1) & mask, ops.gpr(2) & mask, ops.gpr(3) & mask);
            case AFFINITY_INFO -> {
                Vcpu t = kvm.vcpuByMpidr(ops.gpr(1) & mask);
                yield t == null ? INVALID_PARAMETERS : t.state == Vcpu.State.OFF && !t.resetPending ? 1 : 0;
            }
            case SYSTEM_OFF, SYSTEM_RESET -> {
                outcome = Outcome.SYSTEM_EVENT;
                yield 0;
            }
            case PSCI_FEATURES -> switch ((int) ops.gpr(1)) {
                case PSCI_VERSION, CPU_SUSPEND, CPU_SUSPEND | SMC64, CPU_OFF, CPU_ON, CPU_ON | SMC64, AFFINITY_INFO,
                        AFFINITY_INFO | SMC64, SYSTEM_OFF, SYSTEM_RESET, PSCI_FEATURES, VERSION -> 0;
                default -> NOT_SUPPORTED;
            };
            default -> NOT_SUPPORTED;
        };
    }

    /** kvm_psci_vcpu_on: the target's reset state, KVM_REQ_VCPU_RESET, kvm_vcpu_wake_up. */
    private long cpuOn(El2Operations ops, Vcpu v, long mpidr, long entry, long context) {
        Vcpu t = kvm.vcpuByMpidr(mpidr);
        ops.compute("kvm_mpidr_to_vcpu", 8 * kvm.vcpus().size());
        if (t == null) {
            return INVALID_PARAMETERS;
        }
        ops.store("spin_lock mp_state_lock", t.at(HostLayout.MP_STATE_LOCK), 1, 4);
        if (t.state != Vcpu.State.OFF || t.resetPending) {
            ops.store("spin_unlock mp_state_lock", t.at(HostLayout.MP_STATE_LOCK), 0, 4);
            return ALREADY_ON;
        }
        ops.store("store reset_state.pc", t.at(HostLayout.RESET_PC), entry, 8);
        ops.store("store reset_state.r0", t.at(HostLayout.RESET_R0), context, 8);
        ops.store("kvm_make_request(KVM_REQ_VCPU_RESET)", t.at(HostLayout.REQUESTS), 1, 8);
        ops.store("spin_unlock mp_state_lock", t.at(HostLayout.MP_STATE_LOCK), 0, 4);
        t.resetPending = true;
        t.resetEntry = entry;
        t.resetContext = context;
        kvm.kick(ops, t.id);
        return 0;
    }
}
