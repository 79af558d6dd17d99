package dev.hvlab.core.sysreg;

import static dev.hvlab.core.sysreg.SystemRegisterFile.HCR_EL2_MASK;
import static dev.hvlab.core.sysreg.SystemRegisterFile.HCR_TDZ;
import static dev.hvlab.core.sysreg.SystemRegisterFile.HCR_TID2;
import static dev.hvlab.core.sysreg.SystemRegisterFile.HCR_TPC;
import static dev.hvlab.core.sysreg.SystemRegisterFile.HCR_TPU;
import static dev.hvlab.core.sysreg.SystemRegisterFile.HCR_TSW;
import static dev.hvlab.core.sysreg.SystemRegisterFile.SCR_EL3_MASK;
import static dev.hvlab.core.sysreg.SystemRegisterFile.SCR_EL3_RES1;
import static dev.hvlab.core.sysreg.SystemRegisterFile.SCTLR_DZE;
import static dev.hvlab.core.sysreg.SystemRegisterFile.SCTLR_UCI;
import static dev.hvlab.core.sysreg.SystemRegisterFile.SCTLR_UCT;
import static dev.hvlab.core.sysreg.SystemRegisterFile.SCTLR_UMA;

import dev.hvlab.core.cpu.ArchitecturalException;
import dev.hvlab.core.cpu.AccessType;
import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.mem.Page;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The system register table: every implemented register and system instruction, keyed by its
 * 16-bit encoding op0:op1:CRn:CRm:op2. Built once and shared; MRS/MSR/SYS/SYSL look an entry up at
 * decode time and apply its access rule at execution time. An encoding with no entry is UNDEFINED.
 *
 * <p>It holds every AArch64 System register of the Cortex-A72 and Cortex-A53 (their TRMs' "AArch64
 * register summary"), the GIC CPU interface (ICC_*, ICH_*) that {@link dev.hvlab.core.gic.GicSystemRegisters} adds, not the
 * cache maintenance instructions; TLBI and AT come with the MMU. The groups live in their own
 * classes ({@link IdentificationRegisters}, {@link TrapControlRegisters}, {@link ContextRegisters},
 * {@link GenericTimerRegisters}, {@link PmuRegisters}, {@link DebugRegisters},
 * {@link ImplementationDefinedRegisters}); the trap controls of each register are composed onto its
 * EL rule with {@link AccessRule#then} from {@link TrapRules}.
 */
public final class SystemRegisters {
    // Declared before STANDARD: the constructor uses them.
    static final AccessRule EL1 = AccessRule.atLeast(1);
    static final AccessRule EL2 = AccessRule.atLeast(2);
    static final AccessRule EL3 = AccessRule.atLeast(3);
    /** EL1 registers that HCR_EL2.TVM/TRVM trap (ARM ARM, HCR_EL2.TVM). */
    static final AccessRule EL1_TVM = EL1.then(TrapRules.TVM);
    /**
     * SCTLR_EL1 bits that exist in ARMv8.0 (M, A, C, SA, SA0, CP15BEN, ITD, SED, UMA, I, DZE, UCT,
     * nTWI, nTWE, WXN, E0E, EE, UCI); the others are RES0 except the RES1 ones.
     */
    private static final long SCTLR_EL1_RW = 0x3F | 1L << 7 | 1L << 8 | 1L << 9 | 1L << 12 | 1L << 14 | 1L << 15
            | 1L << 16 | 1L << 18 | 1L << 19 | 1L << 24 | 1L << 25 | 1L << 26;
    /** SCTLR_EL2/EL3 bits that exist in ARMv8.0 (M, A, C, SA, I, WXN, EE); the rest are RES1 or RES0. */
    private static final long SCTLR_EL2_RW = 0xF | 1L << 12 | 1L << 19 | 1L << 25;

    private static final SystemRegisters STANDARD = new SystemRegisters();

    /** FPCR bits that exist on the Cortex-A72: AHP, DN, FZ, RMode, Stride, Len (no FP trap enables: RAZ/WI). */
    private static final long FPCR_MASK = 0x07F70000L;
    /** FPSR bits in AArch64: QC and the cumulative exception flags (IDC, IXC, UFC, OFC, DZC, IOC). */
    private static final long FPSR_MASK = 0x0800009FL;
    private static final long SPSR_MASK = 0xFFFFFFFFL;

    private final Map<Integer, SystemRegister> registers = new HashMap<>();
    private final Map<Integer, SystemInstruction> instructions = new HashMap<>();
    private final List<SystemRegister> registerList = new ArrayList<>();

    /** The shared table. */
    public static SystemRegisters standard() {
        return STANDARD;
    }

    /** The register with encoding {@code key} ({@link SystemRegister#key}), or null: UNDEFINED. */
    public SystemRegister register(int key) {
        return registers.get(key);
    }

    /** The system instruction with encoding {@code key} (op0 = 1), or null: UNDEFINED. */
    public SystemInstruction instruction(int key) {
        return instructions.get(key);
    }

    /** The system instruction called {@code name} ("DC CISW"), or null. */
    public SystemInstruction instructionByName(String name) {
        for (SystemInstruction i : instructions.values()) {
            if (i.name().equals(name)) {
                return i;
            }
        }
        return null;
    }

    /** The register called {@code name}, or null. */
    public SystemRegister byName(String name) {
        for (SystemRegister r : registerList) {
            if (r.name().equals(name)) {
                return r;
            }
        }
        return null;
    }

    public List<SystemRegister> registers() {
        return Collections.unmodifiableList(registerList);
    }

    public Collection<SystemInstruction> instructions() {
        return Collections.unmodifiableCollection(instructions.values());
    }

    private SystemRegisters() {
        specialPurpose();
        el0Registers();
        GenericTimerRegisters.addTo(this);
        IdentificationRegisters.addTo(this);
        control();
        exceptionAndTranslation();
        TrapControlRegisters.addTo(this);
        ContextRegisters.addTo(this);
        PmuRegisters.addTo(this);
        DebugRegisters.addTo(this);
        ImplementationDefinedRegisters.addTo(this);
        cacheMaintenance();
        TlbMaintenance.addTo(this);
        dev.hvlab.core.gic.GicSystemRegisters.register(this);
    }

    /** True if an entry exists at {@code key}. */
    boolean has(int key) {
        return registers.containsKey(key);
    }

    /** Adds an entry; for the groups that live outside this package (the GIC's), during construction only. */
    public void add(SystemRegister r) {
        if (registers.put(r.key(), r) != null) {
            throw new IllegalStateException("two system registers at " + r);
        }
        registerList.add(r);
    }

    void add(SystemInstruction i) {
        if (instructions.put(i.key(), i) != null) {
            throw new IllegalStateException("two system instructions at " + i);
        }
    }

    /** Special-purpose registers (ARM ARM C5.2): PSTATE fields, ELR/SPSR, the banked stack pointers. */
    private void specialPurpose() {
        add(new SystemRegister("NZCV", 3, 3, 4, 2, 0, 0, AccessRule.ANY_EL,
                cpu -> cpu.nzcv() & 0xF0000000L, (cpu, v) -> cpu.setNzcv((int) (v >>> 28) & 0xF)));
        add(new SystemRegister("DAIF", 3, 3, 4, 2, 1, Pstate.DAIF_MASK, AccessRule.el0UnlessSctlr(SCTLR_UMA),
                cpu -> cpu.daif & Pstate.DAIF_MASK, (cpu, v) -> {
                    cpu.daif = (int) v & Pstate.DAIF_MASK;
                    cpu.interruptsChanged();
                }));
        add(new SystemRegister("FPCR", 3, 3, 4, 4, 0, 0, TrapRules.FP,
                cpu -> cpu.fpcr & 0xFFFFFFFFL, (cpu, v) -> cpu.fpcr = (int) (v & FPCR_MASK)));
        add(new SystemRegister("FPSR", 3, 3, 4, 4, 1, 0, TrapRules.FP,
                cpu -> cpu.fpsr & 0xFFFFFFFFL, (cpu, v) -> cpu.fpsr = (int) (v & FPSR_MASK)));
        add(new SystemRegister("SPSel", 3, 0, 4, 2, 0, 1, EL1,
                cpu -> cpu.spSel, (cpu, v) -> Pstate.select(cpu, cpu.el, (int) v & 1)));
        add(new SystemRegister("CurrentEL", 3, 0, 4, 2, 2, 0, EL1, cpu -> (long) cpu.el << 2, null));
        // SP_EL0 is UNDEFINED while it is the current stack pointer (PSTATE.SP == 0).
        add(new SystemRegister("SP_EL0", 3, 0, 4, 1, 0, 0,
                EL1.then((cpu, read) -> cpu.spSel == 0 ? Access.UNDEFINED : Access.OK),
                cpu -> cpu.spEl[0], (cpu, v) -> cpu.spEl[0] = v));
        add(new SystemRegister("SP_EL1", 3, 4, 4, 1, 0, 0, EL2, cpu -> cpu.spEl[1], (cpu, v) -> cpu.spEl[1] = v));
        add(new SystemRegister("SP_EL2", 3, 6, 4, 1, 0, 0, EL3, cpu -> cpu.spEl[2], (cpu, v) -> cpu.spEl[2] = v));
        int[] op1OfEl = {0, 0, 4, 6};
        AccessRule[] ruleOfEl = {null, EL1, EL2, EL3};
        for (int el = 1; el <= 3; el++) {
            int e = el;
            add(new SystemRegister("SPSR_EL" + el, 3, op1OfEl[el], 4, 0, 0, 0, ruleOfEl[el],
                    cpu -> cpu.sysregs.spsr[e], (cpu, v) -> cpu.sysregs.spsr[e] = v & SPSR_MASK));
            add(new SystemRegister("ELR_EL" + el, 3, op1OfEl[el], 4, 0, 1, 0, ruleOfEl[el],
                    cpu -> cpu.sysregs.elr[e], (cpu, v) -> cpu.sysregs.elr[e] = v));
        }
    }

    /** Thread ID registers and the cache/DC ZVA description EL0 reads. */
    private void el0Registers() {
        add(new SystemRegister("TPIDR_EL0", 3, 3, 13, 0, 2, 0, AccessRule.ANY_EL,
                cpu -> cpu.tpidrEl0, (cpu, v) -> cpu.tpidrEl0 = v));
        add(new SystemRegister("TPIDRRO_EL0", 3, 3, 13, 0, 3, 0, AccessRule.EL0_READ_ONLY,
                cpu -> cpu.tpidrroEl0, (cpu, v) -> cpu.tpidrroEl0 = v));
        add(new SystemRegister("TPIDR_EL1", 3, 0, 13, 0, 4, 0, EL1,
                cpu -> cpu.sysregs.tpidrEl1, (cpu, v) -> cpu.sysregs.tpidrEl1 = v));
        add(new SystemRegister("CTR_EL0", 3, 3, 0, 0, 1, CoreIdentity.CORTEX_A72.ctr(),
                AccessRule.el0UnlessSctlr(SCTLR_UCT).then(TrapRules.hcr(HCR_TID2)), cpu -> cpu.sysregs.identity.ctr(), null));
        add(new SystemRegister("DCZID_EL0", 3, 3, 0, 0, 7, CoreIdentity.CORTEX_A72.dczBlockSizeLog2(),
                AccessRule.ANY_EL, SystemRegisters::dczid, null));
    }

    /** DCZID_EL0: BS, and DZP = 1 when DC ZVA would trap from the current EL. */
    private static long dczid(Cpu cpu) {
        SystemRegisterFile s = cpu.sysregs;
        boolean prohibited = (cpu.el == 0 && (s.sctlrEl1 & SCTLR_DZE) == 0)
                || (cpu.el < 2 && s.el2Enabled() && (s.hcrEl2 & HCR_TDZ) != 0);
        return s.identity.dczBlockSizeLog2() | (prohibited ? 1 << 4 : 0);
    }

    /** The control registers the EL0 rules and exception return read. */
    private void control() {
        add(new SystemRegister("SCTLR_EL1", 3, 0, 1, 0, 0, SystemRegisterFile.SCTLR_EL1_RESET, EL1_TVM,
                cpu -> cpu.sysregs.sctlrEl1, (cpu, v) -> {
                    cpu.sysregs.sctlrEl1 = v & SCTLR_EL1_RW | SystemRegisterFile.SCTLR_EL1_RES1;
                    cpu.flushTlb();
                }));
        add(new SystemRegister("HCR_EL2", 3, 4, 1, 1, 0, 0, EL2,
                cpu -> cpu.sysregs.hcrEl2, (cpu, v) -> {
                    cpu.sysregs.hcrEl2 = v & HCR_EL2_MASK;
                    cpu.flushTlb();
                    FpAccess.recompute(cpu);
                    cpu.interruptsChanged(); // IMO/FMO/AMO routing and VI/VF/VSE
                }));
        add(new SystemRegister("SCR_EL3", 3, 6, 1, 1, 0, SCR_EL3_RES1, EL3,
                cpu -> cpu.sysregs.scrEl3, (cpu, v) -> {
                    cpu.sysregs.scrEl3 = v & SCR_EL3_MASK | SCR_EL3_RES1;
                    FpAccess.recompute(cpu);
                    cpu.flushTlb(); // NS decides whether EL2's controls apply
                    cpu.interruptsChanged();
                }));
    }

    /**
     * The registers exception entry (VBAR, ESR, FAR, HPFAR) and address translation (SCTLR, TCR,
     * TTBR, MAIR, VTCR, VTTBR, PAR) use. A write to a register that changes how addresses translate
     * drops the CPU's cached translations.
     */
    private void exceptionAndTranslation() {
        int[] op1OfEl = {0, 0, 4, 6};
        AccessRule[] ruleOfEl = {null, EL1_TVM, EL2, EL3};
        for (int el = 1; el <= 3; el++) {
            int e = el;
            AccessRule r = ruleOfEl[el];
            int op1 = op1OfEl[el];
            // VBAR_EL1 is not one of the registers HCR_EL2.TVM traps.
            AccessRule vbarRule = el == 1 ? EL1 : r;
            // VBAR_ELx bits [10:0] are RES0: the vector table is 2 KiB aligned.
            add(new SystemRegister("VBAR_EL" + el, 3, op1, 12, 0, 0, 0, vbarRule,
                    cpu -> cpu.sysregs.vbar[e], (cpu, v) -> cpu.sysregs.vbar[e] = v & ~0x7FFL));
            add(new SystemRegister("ESR_EL" + el, 3, op1, 5, 2, 0, 0, r,
                    cpu -> cpu.sysregs.esr[e], (cpu, v) -> cpu.sysregs.esr[e] = v & 0xFFFFFFFFL));
            add(new SystemRegister("FAR_EL" + el, 3, op1, 6, 0, 0, 0, r,
                    cpu -> cpu.sysregs.far[e], (cpu, v) -> cpu.sysregs.far[e] = v));
            add(new SystemRegister("TCR_EL" + el, 3, op1, 2, 0, 2, 0, r,
                    cpu -> cpu.sysregs.tcr[e], (cpu, v) -> {
                        cpu.sysregs.tcr[e] = v;
                        cpu.flushTlb();
                    }));
            add(new SystemRegister("MAIR_EL" + el, 3, op1, 10, 2, 0, 0, r,
                    cpu -> cpu.sysregs.mair[e], (cpu, v) -> {
                        cpu.sysregs.mair[e] = v;
                        cpu.flushTlb();
                    }));
        }
        add(new SystemRegister("SCTLR_EL2", 3, 4, 1, 0, 0, SystemRegisterFile.SCTLR_EL2_RESET, EL2,
                cpu -> cpu.sysregs.sctlrEl2, (cpu, v) -> {
                    cpu.sysregs.sctlrEl2 = v & SCTLR_EL2_RW | SystemRegisterFile.SCTLR_EL2_RESET;
                    cpu.flushTlb();
                }));
        add(new SystemRegister("SCTLR_EL3", 3, 6, 1, 0, 0, SystemRegisterFile.SCTLR_EL2_RESET, EL3,
                cpu -> cpu.sysregs.sctlrEl3, (cpu, v) -> {
                    cpu.sysregs.sctlrEl3 = v & SCTLR_EL2_RW | SystemRegisterFile.SCTLR_EL2_RESET;
                    cpu.flushTlb();
                }));
        add(new SystemRegister("TTBR0_EL1", 3, 0, 2, 0, 0, 0, EL1_TVM,
                cpu -> cpu.sysregs.ttbr0El1, (cpu, v) -> {
                    cpu.sysregs.ttbr0El1 = v;
                    cpu.translationContextChanged(); // tagged by ASID/VMID: select, not flush
                }));
        add(new SystemRegister("TTBR1_EL1", 3, 0, 2, 0, 1, 0, EL1_TVM,
                cpu -> cpu.sysregs.ttbr1El1, (cpu, v) -> {
                    cpu.sysregs.ttbr1El1 = v;
                    cpu.translationContextChanged(); // tagged by ASID/VMID: select, not flush
                }));
        add(new SystemRegister("TTBR0_EL2", 3, 4, 2, 0, 0, 0, EL2,
                cpu -> cpu.sysregs.ttbr0El2, (cpu, v) -> {
                    cpu.sysregs.ttbr0El2 = v;
                    cpu.flushTlb();
                }));
        add(new SystemRegister("TTBR0_EL3", 3, 6, 2, 0, 0, 0, EL3,
                cpu -> cpu.sysregs.ttbr0El3, (cpu, v) -> {
                    cpu.sysregs.ttbr0El3 = v;
                    cpu.flushTlb();
                }));
        add(new SystemRegister("VTCR_EL2", 3, 4, 2, 1, 2, 0, EL2,
                cpu -> cpu.sysregs.vtcrEl2, (cpu, v) -> {
                    cpu.sysregs.vtcrEl2 = v;
                    cpu.flushTlb();
                }));
        add(new SystemRegister("VTTBR_EL2", 3, 4, 2, 1, 0, 0, EL2,
                cpu -> cpu.sysregs.vttbrEl2, (cpu, v) -> {
                    cpu.sysregs.vttbrEl2 = v;
                    cpu.translationContextChanged(); // tagged by ASID/VMID: select, not flush
                }));
        add(new SystemRegister("HPFAR_EL2", 3, 4, 6, 0, 4, 0, EL2,
                cpu -> cpu.sysregs.hpfarEl2, (cpu, v) -> cpu.sysregs.hpfarEl2 = v & 0xFFFFFFFFF0L));
        add(new SystemRegister("PAR_EL1", 3, 0, 7, 4, 0, 0, EL1,
                cpu -> cpu.sysregs.parEl1, (cpu, v) -> cpu.sysregs.parEl1 = v));
    }

    /**
     * Cache maintenance (ARM ARM C5.3, "A64 System instructions for cache maintenance"). Caches are
     * not modelled, so cleaning and invalidating data caches has no effect; the decoded-instruction
     * cache is kept coherent with every store, so instruction cache invalidation only drops decoded
     * ops. What matters here is who may execute them.
     */
    private void cacheMaintenance() {
        AccessRule uci = AccessRule.el0UnlessSctlr(SCTLR_UCI);
        AccessRule tpu = TrapRules.hcr(HCR_TPU);
        AccessRule tpc = TrapRules.hcr(HCR_TPC);
        AccessRule tsw = TrapRules.hcr(HCR_TSW);
        add(new SystemInstruction("IC IALLUIS", 0, 7, 1, 0, EL1.then(tpu), (cpu, xt) -> { }));
        add(new SystemInstruction("IC IALLU", 0, 7, 5, 0, EL1.then(tpu), (cpu, xt) -> { }));
        add(new SystemInstruction("IC IVAU", 3, 7, 5, 1, uci.then(tpu), SystemRegisters::icIvau));
        add(new SystemInstruction("DC IVAC", 0, 7, 6, 1, EL1.then(tpc), (cpu, xt) -> { }));
        add(new SystemInstruction("DC ISW", 0, 7, 6, 2, EL1.then(tsw), (cpu, xt) -> { }));
        add(new SystemInstruction("DC CSW", 0, 7, 10, 2, EL1.then(tsw), (cpu, xt) -> { }));
        add(new SystemInstruction("DC CISW", 0, 7, 14, 2, EL1.then(tsw), (cpu, xt) -> { }));
        add(new SystemInstruction("DC CVAC", 3, 7, 10, 1, uci.then(tpc), (cpu, xt) -> { }));
        add(new SystemInstruction("DC CVAU", 3, 7, 11, 1, uci.then(tpu), (cpu, xt) -> { }));
        add(new SystemInstruction("DC CIVAC", 3, 7, 14, 1, uci.then(tpc), (cpu, xt) -> { }));
        AccessRule zva = AccessRule.el0UnlessSctlr(SCTLR_DZE).then((cpu, read) ->
                cpu.el < 2 && cpu.sysregs.el2Enabled() && (cpu.sysregs.hcrEl2 & HCR_TDZ) != 0
                        ? Access.TRAP_EL2 : Access.OK);
        add(new SystemInstruction("DC ZVA", 3, 7, 4, 1, zva, SystemRegisters::dcZva));
    }

    /** DC ZVA: zeroes the naturally aligned DCZID_EL0-sized block holding the address, like a store. */
    private static void dcZva(Cpu cpu, long va) {
        int bytes = cpu.sysregs.identity.dczBlockBytes();
        long base = va & -(long) bytes;
        for (int off = 0; off < bytes; off += 8) {
            cpu.write64(base + off, 0);
        }
    }

    /**
     * IC IVAU: drops the decoded instructions of the physical page holding the address. A translation
     * fault is reported as a data abort with ISS.CM = 1 (cache maintenance).
     */
    private static void icIvau(Cpu cpu, long va) {
        long pa;
        try {
            pa = cpu.translator().translate(cpu, va, AccessType.READ, cpu.pc);
        } catch (ArchitecturalException e) {
            e.iss |= 1 << 8;
            throw e;
        }
        Page p = cpu.memory().page(pa);
        if (p != null) {
            p.invalidateAll();
        }
    }
}
