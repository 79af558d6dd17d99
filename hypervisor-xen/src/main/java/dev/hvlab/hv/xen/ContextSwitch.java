package dev.hvlab.hv.xen;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.hypervisor.El2Operations;
import dev.hvlab.core.machine.PrimitiveCosts.Barrier;
import dev.hvlab.core.mem.PhysicalMemory;

/**
 * The vCPU switch of xen/arch/arm/domain.c: {@code ctxt_switch_from(prev)} saves the EL1 state
 * (p2m_save_state, the thread and context registers, FP, the virtual timer with its soft timer,
 * the MMU registers, the GIC's list registers, APRs and VMCR) into prev's struct vcpu;
 * {@code ctxt_switch_to(next)} restores next's (VPIDR/VMPIDR, GIC, MMU registers, p2m_restore_state
 * with HCR_EL2, VTTBR_EL2 and the local guest TLB flush when another vCPU of the same domain last
 * ran on this pCPU, CPACR and thread registers, CPTR_EL2, FP, CNTKCTL, the virtual timer, MDCR_EL2).
 * Idle vCPUs save and restore nothing. The GPR frame needs no copy: Xen keeps it on the vCPU's
 * own stack, and the exit path restores from whichever vCPU is current when it runs.
 */
final class ContextSwitch {
    private static final String[] GIC_STATE = {"ICH_AP0R0_EL2", "ICH_AP1R0_EL2", "ICH_VMCR_EL2", "ICC_SRE_EL1"};
    private static final String[] FP_CONTROL = {"FPSR", "FPCR"};
    /** ctxt_switch_from after SCTLR_EL1, in Xen's order. */
    static final String[] FROM_THREAD = {"CSSELR_EL1", "CPACR_EL1", "CONTEXTIDR_EL1", "TPIDR_EL0", "TPIDRRO_EL0",
        "TPIDR_EL1", "CNTKCTL_EL1"};
    static final String[] MMU = {"VBAR_EL1", "TCR_EL1", "TTBR0_EL1", "TTBR1_EL1", "PAR_EL1", "MAIR_EL1", "AMAIR_EL1",
        "FAR_EL1", "ESR_EL1", "AFSR0_EL1", "AFSR1_EL1"};
    static final String[] TO_FAULT_AND_MMU = {"FAR_EL1", "ESR_EL1", "AFSR0_EL1", "AFSR1_EL1", "VBAR_EL1", "TCR_EL1",
        "TTBR0_EL1", "TTBR1_EL1", "PAR_EL1", "MAIR_EL1", "AMAIR_EL1"};
    static final String[] TO_THREAD = {"CPACR_EL1", "CONTEXTIDR_EL1", "TPIDR_EL0", "TPIDRRO_EL0", "TPIDR_EL1"};
    // Slots in the EL1 context area.
    static final int SCTLR = 0;
    static final int THREAD = 1;
    static final int MMU_SLOT = THREAD + FROM_THREAD.length;

    private final XenModel xen;

    ContextSwitch(XenModel xen) {
        this.xen = xen;
    }

    private static long slot(Vcpu v, String name) {
        for (int i = 0; i < FROM_THREAD.length; i++) {
            if (FROM_THREAD[i].equals(name)) {
                return v.pa + Vcpu.EL1_CONTEXT + 8L * (THREAD + i);
            }
        }
        for (int i = 0; i < MMU.length; i++) {
            if (MMU[i].equals(name)) {
                return v.pa + Vcpu.EL1_CONTEXT + 8L * (MMU_SLOT + i);
            }
        }
        throw new IllegalArgumentException(name);
    }

    private static void save(El2Operations ops, Vcpu v, String name) {
        long value = ops.readSysreg(name);
        ops.store("store " + name, slot(v, name), value, 8);
    }

    private static void restore(El2Operations ops, Vcpu v, String name) {
        ops.writeSysreg(name, ops.load("load " + name, slot(v, name), 8));
    }

    /** ctxt_switch_from. */
    void from(El2Operations ops, Vcpu p) {
        if (p.idle) {
            return;
        }
        int pcpu = ops.cpu().index();
        // p2m_save_state
        ops.store("store SCTLR_EL1", p.pa + Vcpu.EL1_CONTEXT, ops.readSysreg("SCTLR_EL1"), 8);
        if (xen.atErratum(pcpu)) {
            ops.writeSysreg("VTTBR_EL2", 0); // ARM64_WORKAROUND_AT_SPECULATE: an invalid VTTBR
            ops.barrier(Barrier.ISB);
        }
        for (String r : FROM_THREAD) {
            save(ops, p, r);
        }
        saveFp(ops, p);
        xen.vtimer().save(ops, p);
        ops.barrier(Barrier.ISB);
        for (String r : MMU) {
            save(ops, p, r);
        }
        // gicv3_save_state
        ops.barrier(Barrier.DSB);
        for (int i = 0; i < xen.vgic().nrLrs; i++) {
            ops.store("store ICH_LR<n>_EL2", p.pa + Vcpu.GIC + 8L * i, ops.readListRegister(i), 8);
        }
        ops.saveSysregs(GIC_STATE, p.pa + Vcpu.GIC + 32);
        ops.barrier(Barrier.ISB);
    }

    /** ctxt_switch_to. */
    void to(El2Operations ops, Vcpu n) {
        if (n.idle) {
            return;
        }
        int pcpu = ops.cpu().index();
        ops.writeSysreg("VPIDR_EL2", xen.midr(pcpu));
        ops.writeSysreg("VMPIDR_EL2", n.vmpidr);
        // gicv3_restore_state
        ops.writeSysreg("ICC_SRE_EL1", ops.load("load ICC_SRE_EL1", n.pa + Vcpu.GIC + 56, 8));
        ops.barrier(Barrier.ISB);
        ops.writeSysreg("ICH_VMCR_EL2", ops.load("load ICH_VMCR_EL2", n.pa + Vcpu.GIC + 48, 8));
        ops.writeSysreg("ICH_AP0R0_EL2", ops.load("load ICH_AP0R0_EL2", n.pa + Vcpu.GIC + 32, 8));
        ops.writeSysreg("ICH_AP1R0_EL2", ops.load("load ICH_AP1R0_EL2", n.pa + Vcpu.GIC + 40, 8));
        for (int i = 0; i < xen.vgic().nrLrs; i++) {
            ops.writeListRegister(i, ops.load("load ICH_LR<n>_EL2", n.pa + Vcpu.GIC + 8L * i, 8));
        }
        ops.barrier(Barrier.DSB);
        for (String r : TO_FAULT_AND_MMU) {
            restore(ops, n, r);
        }
        ops.barrier(Barrier.ISB);
        // p2m_restore_state
        ops.writeSysreg("SCTLR_EL1", ops.load("load SCTLR_EL1", n.pa + Vcpu.EL1_CONTEXT, 8));
        ops.writeSysreg("HCR_EL2", xen.hcr(n));
        ops.writeSysreg("VTTBR_EL2", n.domain.vttbr());
        ops.barrier(Barrier.ISB);
        Vcpu last = n.domain.lastVcpuOn[pcpu];
        if (last != null && last != n) {
            ops.tlbiVmalls12e1(); // flush_guest_tlb_local: another vCPU of this domain ran here last
        }
        n.domain.lastVcpuOn[pcpu] = n;
        for (String r : TO_THREAD) {
            restore(ops, n, r);
        }
        ops.writeSysreg("CPTR_EL2", XenModel.CPTR_EL2);
        ops.barrier(Barrier.ISB);
        restoreFp(ops, n);
        restore(ops, n, "CSSELR_EL1");
        ops.barrier(Barrier.ISB);
        restore(ops, n, "CNTKCTL_EL1");
        xen.vtimer().restore(ops, n);
        ops.writeSysreg("MDCR_EL2", xen.mdcr(n));
    }

    /** vfp_save_state: STP of the 32 Q registers (charged one store each), FPSR, FPCR. */
    private void saveFp(El2Operations ops, Vcpu v) {
        Cpu cpu = ops.cpu();
        PhysicalMemory m = cpu.memory();
        long pa = v.pa + Vcpu.FP;
        for (int q = 0; q < 32; q++) {
            ops.store("vfp_save_state: STR q<n>", pa + 16L * q, cpu.vreg[2 * q], 8);
            write64(m, pa + 16L * q + 8, cpu.vreg[2 * q + 1]);
        }
        ops.saveSysregs(FP_CONTROL, pa + 0x200);
    }

    /** vfp_restore_state. */
    private void restoreFp(El2Operations ops, Vcpu v) {
        Cpu cpu = ops.cpu();
        PhysicalMemory m = cpu.memory();
        long pa = v.pa + Vcpu.FP;
        for (int q = 0; q < 32; q++) {
            cpu.vreg[2 * q] = ops.load("vfp_restore_state: LDR q<n>", pa + 16L * q, 8);
            cpu.vreg[2 * q + 1] = read64(m, pa + 16L * q + 8);
        }
        ops.restoreSysregs(FP_CONTROL, pa + 0x200);
    }

    static void write64(PhysicalMemory m, long pa, long v) {
        dev.hvlab.core.mem.Page p = m.page(pa);
        int o = (int) (pa & dev.hvlab.core.mem.Page.MASK);
        if (p == null || o > dev.hvlab.core.mem.Page.SIZE - 8) {
            byte[] b = new byte[8];
            for (int i = 0; i < 8; i++) {
                b[i] = (byte) (v >>> (8 * i));
            }
            m.write(pa, b, 0, 8); // off RAM or across pages: the general path (and its error)
            return;
        }
        for (int i = 0; i < 8; i++) {
            p.data[o + i] = (byte) (v >>> (8 * i));
        }
        p.invalidate(o, 8);
    }

    static long read64(PhysicalMemory m, long pa) {
        dev.hvlab.core.mem.Page p = m.page(pa);
        int o = (int) (pa & dev.hvlab.core.mem.Page.MASK);
        byte[] b;
        if (p == null || o > dev.hvlab.core.mem.Page.SIZE - 8) {
            b = new byte[8];
            m.read(pa, b, 0, 8);
            o = 0;
        } else {
            b = p.data;
        }
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | (b[o + i] & 0xFF);
        }
        return v;
    }
}
