package dev.hvlab.hv.kvm;

import dev.hvlab.core.hypervisor.El2Operations;
import dev.hvlab.core.machine.PrimitiveCosts;
import dev.hvlab.core.machine.PrimitiveCosts.Barrier;

/**
 * The lowvisor: what KVM runs at EL2 to switch between a guest and the host kernel
 * (arch/arm64/kvm/hyp/nvhe/switch.c {@code __kvm_vcpu_run}, hyp/entry.S {@code __guest_enter} and
 * {@code __guest_exit}, nvhe/host.S {@code __host_exit}, hyp/include/hyp/sysreg-sr.h,
 * vgic-v3-sr.c, nvhe/timer-sr.c). Every register it moves is really moved, through the
 * {@link El2Operations}, so the guest's and the host's contexts round-trip through their
 * {@code kvm_cpu_context} areas in simulated memory and each step is priced where it happens.
 *
 * <p>In nVHE (split) mode an exit to the host saves the guest's EL1 context, restores the host's,
 * gives EL1 back the physical timer, empties the list registers, removes the guest's traps and
 * stage 2, and returns to the host kernel at EL1 with ERET; the host comes back with an HVC and the
 * reverse happens. With {@code vhe} (ARMv8.1, a what-if on the i.MX 8QM) the host kernel itself runs
 * at EL2: the EL1 context stays in the CPU until vcpu_put, the timer traps are set once, and the
 * exit returns to the host by a function return, with no ERET and no HVC.
 */
final class WorldSwitch {
    /** Step names per register, made once: a world switch moves dozens of registers on every exit. */
    private static final java.util.Map<String, String> LOAD_NAMES = new java.util.concurrent.ConcurrentHashMap<>();
    private static final java.util.Map<String, String> STORE_NAMES = new java.util.concurrent.ConcurrentHashMap<>();

    private static String named(java.util.Map<String, String> names, String prefix, String register) {
        String n = names.get(register);
        if (n == null) {
            n = prefix + register;
            names.put(register, n);
        }
        return n;
    }

    static final long HCR_VM = 1L;
    static final long HCR_SWIO = 1L << 1;
    static final long HCR_PTW = 1L << 2;
    static final long HCR_FMO = 1L << 3;
    static final long HCR_IMO = 1L << 4;
    static final long HCR_AMO = 1L << 5;
    static final long HCR_FB = 1L << 9;
    static final long HCR_BSU_IS = 1L << 10;
    static final long HCR_TWI = 1L << 13;
    static final long HCR_TWE = 1L << 14;
    static final long HCR_TID3 = 1L << 18;
    static final long HCR_TSC = 1L << 19;
    static final long HCR_TIDCP = 1L << 20;
    static final long HCR_TACR = 1L << 21;
    static final long HCR_TSW = 1L << 22;
    static final long HCR_TVM = 1L << 26;
    static final long HCR_RW = 1L << 31;
    static final long HCR_TLOR = 1L << 35;
    static final long HCR_E2H = 1L << 34;
    static final long HCR_TGE = 1L << 27;
    static final long HCR_API = 1L << 41;
    static final long HCR_APK = 1L << 40;
    static final long HCR_ATA = 1L << 56;
    /** HCR_GUEST_FLAGS (arch/arm64/include/asm/kvm_arm.h, v6.1). */
    static final long HCR_GUEST_FLAGS = HCR_TSC | HCR_TSW | HCR_TWE | HCR_TWI | HCR_VM | HCR_BSU_IS | HCR_FB
            | HCR_TACR | HCR_AMO | HCR_SWIO | HCR_TIDCP | HCR_RW | HCR_TLOR | HCR_FMO | HCR_IMO | HCR_PTW | HCR_TID3;
    /** HCR_HOST_NVHE_FLAGS: no stage 2, no traps while the host runs. */
    static final long HCR_HOST_NVHE_FLAGS = HCR_RW | HCR_API | HCR_APK | HCR_ATA;
    /** HCR_HOST_VHE_FLAGS. */
    static final long HCR_HOST_VHE_FLAGS = HCR_RW | HCR_TGE | HCR_E2H;

    /** CPTR_NVHE_EL2_RES1. */
    static final long CPTR_EL2_DEFAULT = 0x32FF;
    static final long CPTR_TZ = 1L << 8;
    static final long CPTR_TFP = 1L << 10;
    static final long CPTR_TTA = 1L << 20;
    static final long CPTR_TAM = 1L << 30;

    static final long MDCR_TPMCR = 1L << 5;
    static final long MDCR_TPM = 1L << 6;
    static final long MDCR_TDA = 1L << 9;
    static final long MDCR_TDOSA = 1L << 10;
    static final long MDCR_TDRA = 1L << 11;
    static final long MDCR_TPMS = 1L << 14;
    static final long MDCR_TTRF = 1L << 19;

    static final long CNTHCTL_EL1PCTEN = 1;
    static final long CNTHCTL_EL1PCEN = 2;
    static final long ICH_HCR_EN = 1;
    static final long TCR_EPD0 = 1L << 7;
    static final long TCR_EPD1 = 1L << 23;

    /**
     * __sysreg_save_state_nvhe's order: the common state (MDSCR_EL1), the EL1 state, the user state,
     * then the EL2 return state (the PC and PSTATE of the context: ELR_EL2, SPSR_EL2).
     */
    static final String[] CONTEXT = {"MDSCR_EL1", "SCTLR_EL1", "CPACR_EL1", "TTBR0_EL1", "TTBR1_EL1", "TCR_EL1",
        "ESR_EL1", "AFSR0_EL1", "AFSR1_EL1", "FAR_EL1", "MAIR_EL1", "VBAR_EL1", "CONTEXTIDR_EL1", "AMAIR_EL1",
        "CNTKCTL_EL1", "PAR_EL1", "TPIDR_EL1", "SP_EL1", "ELR_EL1", "SPSR_EL1", "TPIDR_EL0", "TPIDRRO_EL0",
        "ELR_EL2", "SPSR_EL2"};
    /** With VHE only the common state and the EL2 return state move on each exit (sysreg_save_guest_state_vhe). */
    static final String[] CONTEXT_VHE_GUEST = {"MDSCR_EL1", "ELR_EL2", "SPSR_EL2"};
    static final String[] CONTEXT_VHE_HOST = {"MDSCR_EL1"};
    /** The EL1 state that VHE loads at vcpu_load and saves at vcpu_put instead (kvm_vcpu_load_sysregs_vhe). */
    static final String[] EL1_STATE = java.util.Arrays.copyOfRange(CONTEXT, 1, 22);

    static int slot(String reg) {
        for (int i = 0; i < CONTEXT.length; i++) {
            if (CONTEXT[i].equals(reg)) {
                return i;
            }
        }
        throw new IllegalArgumentException(reg);
    }

    private final KvmModel kvm;

    WorldSwitch(KvmModel kvm) {
        this.kvm = kvm;
    }

    private PrimitiveCosts costs(El2Operations ops) {
        return kvm.platform().machine().timing().costs(ops.cpu());
    }

    /**
     * The exception vector and __guest_exit: the Spectre-v2 firmware call of the hardened vectors on
     * the CPUs that need it, then the guest's x0-x30 and SP_EL0 into its context and the hyp's
     * callee-saved registers back. From here on the handler reads the guest's registers from memory.
     */
    void guestExit(El2Operations ops, Vcpu v) {
        if (kvm.hardened(v.pcpu)) {
            ops.secureMonitorCall(Smccc.ARCH_WORKAROUND_1, 0, 0, 0);
        }
        ops.saveGprs(v.gprs(), 0, 30);
        long sp0 = ops.readSysreg("SP_EL0");
        ops.store("store SP_EL0", v.at(HostLayout.GUEST_SYSREGS + 8 * 24), sp0, 8);
        ops.restoreGprs(kvm.layout().pcpu(v.pcpu) + HostLayout.HYP_GPRS, 18, 30);
        long esr = ops.readSysreg("ESR_EL2");
        ops.compute("fixup_guest_exit: exit code, EC dispatch", 8);
        ops.store("store vcpu fault.esr_el2", v.at(HostLayout.FAULT), esr, 8);
    }

    /** __populate_fault_info for a data or instruction abort: FAR_EL2 and HPFAR_EL2 into the vCPU. */
    void populateFaultInfo(El2Operations ops, Vcpu v) {
        ops.store("store vcpu fault.far_el2", v.at(HostLayout.FAULT + 8), ops.readSysreg("FAR_EL2"), 8);
        ops.store("store vcpu fault.hpfar_el2", v.at(HostLayout.FAULT + 16), ops.readSysreg("HPFAR_EL2"), 8);
    }

    /**
     * The rest of {@code __kvm_vcpu_run} after the guest exited (not handled by a fast path), and in
     * nVHE {@code __host_exit}; the ERET to the host is {@link #eretToHost}, or the trap's own ERET
     * when the host's idle or polling loop really runs next.
     */
    void eretToHost(El2Operations ops) {
        if (!kvm.config().vhe()) {
            ops.charge("ERET to the host kernel at EL1", costs(ops).exceptionReturn(ops.cpu()));
        }
    }

    void switchToHost(El2Operations ops, Vcpu v) {
        long pcpu = kvm.layout().pcpu(v.pcpu);
        boolean vhe = kvm.config().vhe();
        saveContext(ops, vhe ? CONTEXT_VHE_GUEST : CONTEXT, v.sysregs());
        if (!vhe) {
            timerDisableTraps(ops);
        }
        vgicSaveState(ops, v);
        ops.barrier(Barrier.DSB); // dsb nsh: the vGIC state is saved before traps are dropped
        // __deactivate_traps
        ops.writeSysreg("HSTR_EL2", 0);
        ops.writeSysreg("MDCR_EL2", kvm.hostMdcr());
        ops.writeSysreg("HCR_EL2", vhe ? HCR_HOST_VHE_FLAGS : HCR_HOST_NVHE_FLAGS);
        ops.writeSysreg("CPTR_EL2", CPTR_EL2_DEFAULT);
        ops.writeSysreg("VBAR_EL2", kvm.hostVector());
        if (!vhe) {
            ops.writeSysreg("VTTBR_EL2", 0); // __load_host_stage2: no stage 2 for the host (not pKVM)
            restoreContext(ops, pcpu + HostLayout.HOST_SYSREGS, CONTEXT, v.pcpu, true);
            ops.restoreGprs(pcpu + HostLayout.HOST_GPRS, 0, 30); // __host_exit: the host's x0-x29, lr
        } else {
            restoreContext(ops, pcpu + HostLayout.HOST_SYSREGS, CONTEXT_VHE_HOST, v.pcpu, true);
            ops.compute("return from __kvm_vcpu_run_vhe (function call)", 4);
        }
    }

    /**
     * From the host kernel into the guest: in nVHE the host's HVC ({@code kvm_call_hyp}, unless the
     * trap that brought us here was already an HVC of the host), {@code __host_exit}'s save of the
     * host's registers, {@code handle_host_hcall}; then {@code __kvm_vcpu_run}: host context saved,
     * guest context restored, stage 2, traps, vGIC list registers, timer traps, {@code __guest_enter}.
     * The ERET that ends the trap enters the guest.
     */
    void switchToGuest(El2Operations ops, Vcpu v, boolean hvcAlreadyTaken) {
        long pcpu = kvm.layout().pcpu(v.pcpu);
        boolean vhe = kvm.config().vhe();
        if (!vhe) {
            if (!hvcAlreadyTaken) {
                ops.charge("HVC to EL2 (kvm_call_hyp __kvm_vcpu_run)", costs(ops).exceptionEntry(ops.cpu(), 2));
            }
            ops.saveGprs(pcpu + HostLayout.HOST_GPRS, 1, 30);
            ops.readSysreg("ESR_EL2");
            ops.compute("handle_trap, handle_host_hcall: host_hcall[id]", 10);
            saveContext(ops, CONTEXT, pcpu + HostLayout.HOST_SYSREGS);
            restoreContext(ops, v.sysregs(), CONTEXT, v.pcpu, false);
        } else {
            ops.compute("call __kvm_vcpu_run_vhe", 4);
            saveContext(ops, CONTEXT_VHE_HOST, pcpu + HostLayout.HOST_SYSREGS);
            restoreContext(ops, v.sysregs(), CONTEXT_VHE_GUEST, v.pcpu, false);
        }
        ops.writeSysreg("VTCR_EL2", kvm.vtcr()); // __load_stage2
        ops.writeSysreg("VTTBR_EL2", kvm.vttbr());
        // __activate_traps
        long hcr = ops.load("load vcpu->arch.hcr_el2", v.at(HostLayout.HCR), 8);
        ops.writeSysreg("HCR_EL2", hcr);
        ops.writeSysreg("HSTR_EL2", 1L << 15);
        ops.writeSysreg("MDCR_EL2", kvm.guestMdcr());
        long cptr = CPTR_EL2_DEFAULT | CPTR_TTA | CPTR_TAM | (v.fpOwned ? 0 : CPTR_TFP | CPTR_TZ);
        ops.writeSysreg("CPTR_EL2", cptr);
        ops.writeSysreg("VBAR_EL2", kvm.hypVector());
        if (!vhe && kvm.speculativeAt(v.pcpu)) {
            // ARM64_WORKAROUND_SPECULATIVE_AT (Cortex-A72 erratum 1319367): stage 1 enabled only
            // once stage 2 is in place: SCTLR_EL1, then the real TCR_EL1.
            ops.barrier(Barrier.ISB);
            ops.writeSysreg("SCTLR_EL1", ops.load("load SCTLR_EL1", v.sysregs() + 8 * slot("SCTLR_EL1"), 8));
            ops.barrier(Barrier.ISB);
            ops.writeSysreg("TCR_EL1", ops.load("load TCR_EL1", v.sysregs() + 8 * slot("TCR_EL1"), 8));
        }
        vgicRestoreState(ops, v);
        if (!vhe) {
            timerEnableTraps(ops);
        }
        // __guest_enter: the hyp's callee-saved registers, the guest's SP_EL0 and x0-x30.
        ops.saveGprs(pcpu + HostLayout.HYP_GPRS, 18, 30);
        long sp0 = ops.load("load SP_EL0", v.at(HostLayout.GUEST_SYSREGS + 8 * 24), 8);
        ops.writeSysreg("SP_EL0", sp0);
        ops.restoreGprs(v.gprs(), 0, 30);
    }

    /** An exit handled by a fast path in fixup_guest_exit: straight back through __guest_enter. */
    void reenter(El2Operations ops, Vcpu v) {
        ops.saveGprs(kvm.layout().pcpu(v.pcpu) + HostLayout.HYP_GPRS, 18, 30);
        ops.writeSysreg("SP_EL0", ops.load("load SP_EL0", v.at(HostLayout.GUEST_SYSREGS + 8 * 24), 8));
        ops.restoreGprs(v.gprs(), 0, 30);
    }

    /**
     * __sysreg_restore_state_nvhe: VMPIDR_EL2 first (the context's MPIDR), then the registers; on
     * CPUs with the speculative-AT erratum a guest's TCR_EL1 is written with EPD0/EPD1 set (walks
     * disabled until __activate_traps) and a host's SCTLR_EL1/TCR_EL1 come last, after an ISB.
     */
    private void restoreContext(El2Operations ops, long pa, String[] regs, int pcpu, boolean host) {
        ops.writeSysreg("VMPIDR_EL2", host ? kvm.hostMpidr(pcpu) : kvm.vcpuOnPcpu(pcpu).mpidr);
        boolean at = kvm.speculativeAt(pcpu) && regs == CONTEXT;
        for (String r : regs) {
            long value = ops.load(named(LOAD_NAMES, "load ", r), pa + 8L * slot(r), 8);
            if (at && r.equals("TCR_EL1") && !host) {
                value |= TCR_EPD0 | TCR_EPD1;
            }
            if (at && host && (r.equals("SCTLR_EL1") || r.equals("TCR_EL1"))) {
                continue;
            }
            ops.writeSysreg(r, value);
        }
        if (at && host) {
            ops.barrier(Barrier.ISB);
            ops.writeSysreg("SCTLR_EL1", ops.load("load SCTLR_EL1", pa + 8L * slot("SCTLR_EL1"), 8));
            ops.barrier(Barrier.ISB);
            ops.writeSysreg("TCR_EL1", ops.load("load TCR_EL1", pa + 8L * slot("TCR_EL1"), 8));
        }
    }

    /** Each register to its own slot of a kvm_cpu_context (MRS, STR), whichever subset moves. */
    static void saveContext(El2Operations ops, String[] regs, long pa) {
        for (String r : regs) {
            ops.store(named(STORE_NAMES, "store ", r), pa + 8L * slot(r), ops.readSysreg(r), 8);
        }
    }

    /** A kvm_cpu_context's registers into the CPU (LDR, MSR), as vcpu_load does with VHE. */
    static void loadContext(El2Operations ops, String[] regs, long pa) {
        for (String r : regs) {
            ops.writeSysreg(r, ops.load(named(LOAD_NAMES, "load ", r), pa + 8L * slot(r), 8));
        }
    }

    /** __timer_disable_traps: the host gets the physical counter and timer back. */
    private void timerDisableTraps(El2Operations ops) {
        long v = ops.readSysreg("CNTHCTL_EL2");
        ops.writeSysreg("CNTHCTL_EL2", v | CNTHCTL_EL1PCTEN | CNTHCTL_EL1PCEN);
    }

    /** __timer_enable_traps: the guest's physical timer traps (it is emulated), its counter does not. */
    private void timerEnableTraps(El2Operations ops) {
        long v = ops.readSysreg("CNTHCTL_EL2");
        ops.writeSysreg("CNTHCTL_EL2", v & ~CNTHCTL_EL1PCEN | CNTHCTL_EL1PCTEN);
    }

    /**
     * __vgic_v3_save_state: only the list registers flush_hwstate used; ICH_ELRSR_EL2 says which
     * emptied (their state is cleared in the shadow without reading them), each used one is zeroed.
     */
    private void vgicSaveState(El2Operations ops, Vcpu v) {
        if (v.usedLrs == 0) {
            return;
        }
        long elrsr = ops.readSysreg("ICH_ELRSR_EL2");
        long hcr = ops.load("load vgic_hcr", v.at(HostLayout.VGIC_HCR), 8);
        ops.writeSysreg("ICH_HCR_EL2", hcr & ~ICH_HCR_EN);
        for (int i = 0; i < v.usedLrs; i++) {
            long shadow = v.at(HostLayout.VGIC_LRS + 8L * i);
            if ((elrsr >>> i & 1) != 0) {
                long lr = ops.load("load vgic_lr[i]", shadow, 8);
                ops.store("store vgic_lr[i]", shadow, lr & ~Vgic.LR_STATE, 8);
            } else {
                ops.store("store vgic_lr[i]", shadow, ops.readListRegister(i), 8);
            }
            ops.writeListRegister(i, 0);
        }
    }

    /** __vgic_v3_restore_state: ICH_HCR_EL2 and the used list registers from the shadow. */
    private void vgicRestoreState(El2Operations ops, Vcpu v) {
        if (v.usedLrs == 0) {
            return;
        }
        ops.writeSysreg("ICH_HCR_EL2", ops.load("load vgic_hcr", v.at(HostLayout.VGIC_HCR), 8));
        for (int i = 0; i < v.usedLrs; i++) {
            ops.writeListRegister(i, ops.load("load vgic_lr[i]", v.at(HostLayout.VGIC_LRS + 8L * i), 8));
        }
    }

    /**
     * kvm_hyp_handle_fpsimd, a fast path at EL2: the first FP/SIMD access after a world switch traps
     * (CPTR_EL2.TFP); the host's FP state is saved, the guest's restored, and the guest re-entered
     * at once: two transitions.
     */
    void fpsimdTrap(El2Operations ops, Vcpu v) {
        long pcpu = kvm.layout().pcpu(v.pcpu);
        long cptr = ops.readSysreg("CPTR_EL2");
        ops.writeSysreg("CPTR_EL2", cptr & ~(CPTR_TFP | CPTR_TZ));
        ops.barrier(Barrier.ISB);
        kvm.fp().save(ops, pcpu + HostLayout.HOST_FP, "host");
        kvm.fp().restore(ops, v.at(HostLayout.GUEST_FP), "guest");
        v.fpOwned = true;
    }
}
