package dev.hvlab.core.sysreg;

import static dev.hvlab.core.sysreg.SystemRegisterFile.CNTKCTL_EL0PCTEN;
import static dev.hvlab.core.sysreg.SystemRegisterFile.CNTKCTL_EL0VCTEN;
import static dev.hvlab.core.sysreg.SystemRegisterFile.HCR_TDZ;
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
 * <p>This first version holds what EL0 code uses, the ID registers, and the EL1-EL3 registers the
 * EL0 rules and exception return depend on. The EL2/EL3 trap controls (HCR_EL2.TID*, TVM, TSW,
 * CPTR_ELx, MDCR_EL2, CNTHCTL_EL2) are added by composing {@link AccessRule#then} onto these rules.
 */
public final class SystemRegisters {
    // Declared before STANDARD: the constructor uses them.
    private static final AccessRule EL1 = AccessRule.atLeast(1);
    private static final AccessRule EL2 = AccessRule.atLeast(2);
    private static final AccessRule EL3 = AccessRule.atLeast(3);

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
        genericTimer();
        identification();
        control();
        cacheMaintenance();
    }

    private void add(SystemRegister r) {
        if (registers.put(r.key(), r) != null) {
            throw new IllegalStateException("two system registers at " + r);
        }
        registerList.add(r);
    }

    private void add(SystemInstruction i) {
        if (instructions.put(i.key(), i) != null) {
            throw new IllegalStateException("two system instructions at " + i);
        }
    }

    /** Special-purpose registers (ARM ARM C5.2): PSTATE fields, ELR/SPSR, the banked stack pointers. */
    private void specialPurpose() {
        add(new SystemRegister("NZCV", 3, 3, 4, 2, 0, 0, AccessRule.ANY_EL,
                cpu -> cpu.nzcv() & 0xF0000000L, (cpu, v) -> cpu.setNzcv((int) (v >>> 28) & 0xF)));
        add(new SystemRegister("DAIF", 3, 3, 4, 2, 1, Pstate.DAIF_MASK, AccessRule.el0UnlessSctlr(SCTLR_UMA),
                cpu -> cpu.daif & Pstate.DAIF_MASK, (cpu, v) -> cpu.daif = (int) v & Pstate.DAIF_MASK));
        add(new SystemRegister("FPCR", 3, 3, 4, 4, 0, 0, AccessRule.ANY_EL,
                cpu -> cpu.fpcr & 0xFFFFFFFFL, (cpu, v) -> cpu.fpcr = (int) (v & FPCR_MASK)));
        add(new SystemRegister("FPSR", 3, 3, 4, 4, 1, 0, AccessRule.ANY_EL,
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
                AccessRule.el0UnlessSctlr(SCTLR_UCT), cpu -> cpu.sysregs.identity.ctr(), null));
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

    /** Generic timer registers EL0 reads; the timers themselves come with the timer model. */
    private void genericTimer() {
        AccessRule frq = (cpu, read) -> {
            if (!read) {
                return cpu.el == 3 ? Access.OK : Access.UNDEFINED; // writable at the highest EL only
            }
            return cpu.el != 0 || (cpu.sysregs.cntkctlEl1 & (CNTKCTL_EL0PCTEN | CNTKCTL_EL0VCTEN)) != 0
                    ? Access.OK : Access.TRAP_EL1;
        };
        add(new SystemRegister("CNTFRQ_EL0", 3, 3, 14, 0, 0, 0, frq,
                cpu -> cpu.sysregs.cntfrqEl0, (cpu, v) -> cpu.sysregs.cntfrqEl0 = v & 0xFFFFFFFFL));
        add(new SystemRegister("CNTPCT_EL0", 3, 3, 14, 0, 1, 0,
                (cpu, read) -> cpu.el != 0 || (cpu.sysregs.cntkctlEl1 & CNTKCTL_EL0PCTEN) != 0 ? Access.OK : Access.TRAP_EL1,
                cpu -> cpu.sysregs.counter.physicalCount(cpu), null));
        add(new SystemRegister("CNTVCT_EL0", 3, 3, 14, 0, 2, 0,
                (cpu, read) -> cpu.el != 0 || (cpu.sysregs.cntkctlEl1 & CNTKCTL_EL0VCTEN) != 0 ? Access.OK : Access.TRAP_EL1,
                cpu -> cpu.sysregs.virtualCount(cpu), null));
        add(new SystemRegister("CNTKCTL_EL1", 3, 0, 14, 1, 0, 0, EL1,
                cpu -> cpu.sysregs.cntkctlEl1, (cpu, v) -> cpu.sysregs.cntkctlEl1 = v & 0x3FFL));
        add(new SystemRegister("CNTVOFF_EL2", 3, 4, 14, 0, 3, 0, EL2,
                cpu -> cpu.sysregs.cntvoffEl2, (cpu, v) -> cpu.sysregs.cntvoffEl2 = v));
    }

    /**
     * Identification registers: UNDEFINED at EL0 (Linux emulates them for user space; that is the
     * user-mode shim's business), read-only at EL1 and above. The rest of the ID space (op0=3,
     * op1=0, CRn=0, CRm=1..7) is reserved for future ID registers and reads as zero (ARM ARM,
     * "Reserved encodings in the AArch64 System register ID space").
     */
    private void identification() {
        add(new SystemRegister("MIDR_EL1", 3, 0, 0, 0, 0, CoreIdentity.CORTEX_A72.midr(), EL1,
                cpu -> cpu.sysregs.identity.midr(), null));
        add(new SystemRegister("MPIDR_EL1", 3, 0, 0, 0, 5, 1L << 31, EL1, cpu -> cpu.sysregs.mpidr, null));
        add(new SystemRegister("REVIDR_EL1", 3, 0, 0, 0, 6, CoreIdentity.CORTEX_A72.revidr(), EL1,
                cpu -> cpu.sysregs.identity.revidr(), null));
        CoreIdentity a72 = CoreIdentity.CORTEX_A72;
        add(id("ID_AA64PFR0_EL1", 4, 0, a72.idAa64pfr0(), cpu -> cpu.sysregs.identity.idAa64pfr0()));
        add(id("ID_AA64PFR1_EL1", 4, 1, a72.idAa64pfr1(), cpu -> cpu.sysregs.identity.idAa64pfr1()));
        add(id("ID_AA64DFR0_EL1", 5, 0, a72.idAa64dfr0(), cpu -> cpu.sysregs.identity.idAa64dfr0()));
        add(id("ID_AA64DFR1_EL1", 5, 1, a72.idAa64dfr1(), cpu -> cpu.sysregs.identity.idAa64dfr1()));
        add(id("ID_AA64ISAR0_EL1", 6, 0, a72.idAa64isar0(), cpu -> cpu.sysregs.identity.idAa64isar0()));
        add(id("ID_AA64ISAR1_EL1", 6, 1, a72.idAa64isar1(), cpu -> cpu.sysregs.identity.idAa64isar1()));
        add(id("ID_AA64MMFR0_EL1", 7, 0, a72.idAa64mmfr0(), cpu -> cpu.sysregs.identity.idAa64mmfr0()));
        add(id("ID_AA64MMFR1_EL1", 7, 1, a72.idAa64mmfr1(), cpu -> cpu.sysregs.identity.idAa64mmfr1()));
        add(id("ID_AA64MMFR2_EL1", 7, 2, a72.idAa64mmfr2(), cpu -> cpu.sysregs.identity.idAa64mmfr2()));
        for (int crm = 1; crm <= 7; crm++) {
            for (int op2 = 0; op2 <= 7; op2++) {
                if (!registers.containsKey(SystemRegister.key(3, 0, 0, crm, op2))) {
                    // TODO(ID regs): the AArch32 ID registers (ID_PFR0_EL1 ... MVFR2_EL1) read as zero for now.
                    add(id(String.format("S3_0_C0_C%d_%d", crm, op2), crm, op2, 0, cpu -> 0L));
                }
            }
        }
    }

    private static SystemRegister id(String name, int crm, int op2, long reset, SystemRegister.Reader reader) {
        return new SystemRegister(name, 3, 0, 0, crm, op2, reset, EL1, reader, null);
    }

    /** The control registers the EL0 rules and exception return read. */
    private void control() {
        add(new SystemRegister("SCTLR_EL1", 3, 0, 1, 0, 0, SystemRegisterFile.SCTLR_EL1_RESET, EL1,
                cpu -> cpu.sysregs.sctlrEl1, (cpu, v) -> cpu.sysregs.sctlrEl1 = v));
        add(new SystemRegister("HCR_EL2", 3, 4, 1, 1, 0, 0, EL2,
                cpu -> cpu.sysregs.hcrEl2, (cpu, v) -> cpu.sysregs.hcrEl2 = v));
        add(new SystemRegister("SCR_EL3", 3, 6, 1, 1, 0, 0, EL3,
                cpu -> cpu.sysregs.scrEl3, (cpu, v) -> cpu.sysregs.scrEl3 = v & 0x3FFFL));
    }

    /**
     * Cache maintenance (ARM ARM C5.3, "A64 System instructions for cache maintenance"). Caches are
     * not modelled, so cleaning and invalidating data caches has no effect; the decoded-instruction
     * cache is kept coherent with every store, so instruction cache invalidation only drops decoded
     * ops. What matters here is who may execute them.
     */
    private void cacheMaintenance() {
        AccessRule uci = AccessRule.el0UnlessSctlr(SCTLR_UCI);
        add(new SystemInstruction("IC IALLUIS", 0, 7, 1, 0, EL1, (cpu, xt) -> { }));
        add(new SystemInstruction("IC IALLU", 0, 7, 5, 0, EL1, (cpu, xt) -> { }));
        add(new SystemInstruction("IC IVAU", 3, 7, 5, 1, uci, SystemRegisters::icIvau));
        add(new SystemInstruction("DC IVAC", 0, 7, 6, 1, EL1, (cpu, xt) -> { }));
        add(new SystemInstruction("DC ISW", 0, 7, 6, 2, EL1, (cpu, xt) -> { }));
        add(new SystemInstruction("DC CSW", 0, 7, 10, 2, EL1, (cpu, xt) -> { }));
        add(new SystemInstruction("DC CISW", 0, 7, 14, 2, EL1, (cpu, xt) -> { }));
        add(new SystemInstruction("DC CVAC", 3, 7, 10, 1, uci, (cpu, xt) -> { }));
        add(new SystemInstruction("DC CVAU", 3, 7, 11, 1, uci, (cpu, xt) -> { }));
        add(new SystemInstruction("DC CIVAC", 3, 7, 14, 1, uci, (cpu, xt) -> { }));
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
