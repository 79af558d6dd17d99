package dev.hvlab.core.mmu;

import dev.hvlab.core.cpu.AccessType;
import dev.hvlab.core.cpu.ArchitecturalException;
import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.ExceptionClass;
import dev.hvlab.core.decode.Pattern;
import dev.hvlab.core.mem.PhysicalMemory;
import dev.hvlab.core.sysreg.SystemRegisterFile;

/**
 * The full-system address translation of one CPU ({@code AArch64.TranslateAddress}): picks the
 * translation regime from PSTATE.EL (EL1&0, EL2 or EL3), decodes its controls from the system
 * registers, walks stage 1 and, for the EL1&0 regime with HCR_EL2.VM set, stage 2, and turns a
 * fault into the Instruction or Data Abort syndrome a Cortex-A72 reports: FSC, WnR, S1PTW, FAR,
 * HPFAR_EL2 for stage 2 faults, and the instruction syndrome (ISV) of a stage 2 Data Abort that a
 * hypervisor needs to emulate the access. Results are cached by the CPU's software TLB; this runs
 * only on a miss.
 */
public final class SystemTranslator implements dev.hvlab.core.cpu.Translator {
    public static final long SCTLR_M = 1L;
    public static final long HCR_VM = 1L;
    public static final long HCR_DC = 1L << 12;
    public static final long HCR_TGE = 1L << 27;

    private final TranslationWalker walker;
    private final Stage1Config s1 = new Stage1Config();
    private final Stage2Config s2 = new Stage2Config();

    public SystemTranslator(PhysicalMemory memory) {
        this.walker = new TranslationWalker(memory);
    }

    /** The walker, for AT instructions and tests. */
    public TranslationWalker walker() {
        return walker;
    }

    @Override
    public long translate(Cpu cpu, long va, AccessType type, long pc) {
        return translate(cpu, va, type, pc, cpu.el, cpu.el == 0);
    }

    /**
     * Translates in the regime of {@code el}, checking EL0 permissions when {@code el0Permissions}
     * (an EL0 access, or LDTR/STTR at EL1).
     */
    public long translate(Cpu cpu, long va, AccessType type, long pc, int el, boolean el0Permissions) {
        if (walk(cpu, va, type, el, el0Permissions)) {
            return walker.result.pa;
        }
        throw abort(cpu, va, type, pc);
    }

    /**
     * Performs the translation without raising anything: true with the output address in
     * {@link TranslationWalker#result}, false with the fault there (AT instructions use this).
     */
    public boolean walk(Cpu cpu, long va, AccessType type, int el, boolean el0Permissions) {
        SystemRegisterFile s = cpu.sysregs;
        boolean el10 = el <= 1;
        boolean stage2 = el10 && s.el2Enabled() && (s.hcrEl2 & HCR_VM) != 0;
        int paBits = paRange(cpu);
        boolean s1On;
        if (el10) {
            s1On = (s.sctlrEl1 & SCTLR_M) != 0 && !(s.el2Enabled() && (s.hcrEl2 & (HCR_DC | HCR_TGE)) != 0);
        } else {
            s1On = ((el == 2 ? s.sctlrEl2 : s.sctlrEl3) & SCTLR_M) != 0;
        }
        if (stage2) {
            configureStage2(s, paBits);
        }
        if (!s1On) {
            // Stage 1 disabled: VA = IPA (or PA), which must fit the physical address size.
            walker.result.fault = FaultType.NONE;
            if ((va >>> paBits) != 0) {
                walker.result.fault = FaultType.ADDRESS_SIZE;
                walker.result.level = 0;
                walker.result.stage = 1;
                walker.result.s1ptw = false;
                return false;
            }
            if (stage2) {
                return walker.stage2(s2, va, type, false);
            }
            walker.result.pa = va;
            return true;
        }
        configureStage1(s, el, paBits);
        return walker.translate(s1, stage2 ? s2 : null, va, type, el0Permissions);
    }

    private void configureStage1(SystemRegisterFile s, int el, int paBits) {
        long tcr = s.tcr[el == 0 ? 1 : el];
        if (el <= 1) {
            s1.twoRanges = true;
            s1.ttbr0 = s.ttbr0El1;
            s1.ttbr1 = s.ttbr1El1;
            s1.t0sz = (int) tcr & 0x3F;
            s1.t1sz = (int) (tcr >>> 16) & 0x3F;
            s1.epd0 = ((tcr >>> 7) & 1) != 0;
            s1.epd1 = ((tcr >>> 23) & 1) != 0;
            s1.tg0 = Granule.fromTg0((int) (tcr >>> 14) & 3);
            s1.tg1 = Granule.fromTg1((int) (tcr >>> 30) & 3);
            s1.tbi0 = ((tcr >>> 37) & 1) != 0;
            s1.tbi1 = ((tcr >>> 38) & 1) != 0;
            s1.outputBits = Math.min(paBits, sizeBits((int) (tcr >>> 32) & 7));
            s1.wxn = ((s.sctlrEl1 >>> 19) & 1) != 0;
        } else {
            s1.twoRanges = false;
            s1.ttbr0 = el == 2 ? s.ttbr0El2 : s.ttbr0El3;
            s1.t0sz = (int) tcr & 0x3F;
            s1.epd0 = false;
            s1.tg0 = Granule.fromTg0((int) (tcr >>> 14) & 3);
            s1.tbi0 = ((tcr >>> 20) & 1) != 0;
            s1.outputBits = Math.min(paBits, sizeBits((int) (tcr >>> 16) & 7));
            s1.wxn = (((el == 2 ? s.sctlrEl2 : s.sctlrEl3) >>> 19) & 1) != 0;
        }
    }

    private void configureStage2(SystemRegisterFile s, int paBits) {
        long vtcr = s.vtcrEl2;
        s2.vttbr = s.vttbrEl2;
        s2.t0sz = (int) vtcr & 0x3F;
        s2.sl0 = (int) (vtcr >>> 6) & 3;
        s2.tg0 = Granule.fromTg0((int) (vtcr >>> 14) & 3);
        s2.outputBits = Math.min(paBits, sizeBits((int) (vtcr >>> 16) & 7));
    }

    /** The PE's physical address size, ID_AA64MMFR0_EL1.PARange. */
    private static int paRange(Cpu cpu) {
        return sizeBits((int) cpu.sysregs.identity.idAa64mmfr0() & 0xF);
    }

    /** The IPS/PS/PARange encoding as a number of address bits (ARMv8.0: up to 48). */
    static int sizeBits(int encoding) {
        return switch (encoding) {
            case 0 -> 32;
            case 1 -> 36;
            case 2 -> 40;
            case 3 -> 42;
            case 4 -> 44;
            default -> 48;
        };
    }

    /** Builds the abort for the fault in the walker's result ({@code AArch64.Abort}). */
    private ArchitecturalException abort(Cpu cpu, long va, AccessType type, long pc) {
        TranslationResult r = walker.result;
        int fsc = r.fault.statusCode(r.level);
        int stage = r.stage;
        boolean s1ptw = r.s1ptw;
        long ipa = r.ipa;
        boolean fetch = type == AccessType.FETCH;
        int iss = fsc | (s1ptw ? 1 << 7 : 0);
        if (!fetch) {
            iss |= type == AccessType.WRITE ? 1 << 6 : 0;
            if (stage == 2 && !s1ptw) {
                iss |= instructionSyndrome(cpu, pc);
            }
        }
        int ec = fetch ? ExceptionClass.INSN_ABORT_LOWER : ExceptionClass.DATA_ABORT_LOWER; // fixed at entry
        ArchitecturalException e = cpu.raise(ec, iss, pc);
        e.far = va;
        e.farValid = true;
        if (stage == 2) {
            e.targetEl = 2;
            e.ipa = ipa;
            e.ipaValid = true;
        }
        return e;
    }

    /**
     * ISS[24:14] of a Data Abort taken to EL2 from stage 2: ISV, SAS, SSE, SRT, SF, AR for a load or
     * store of a single general-purpose register without writeback (ARM ARM D17.2.37, "ISS
     * encoding for an exception from a Data Abort"); zero (ISV = 0) for pairs, exclusives,
     * writeback forms and SIMD&FP registers. The instruction is re-decoded from the faulting PC,
     * so the load/store fast paths carry no syndrome bookkeeping.
     */
    static int instructionSyndrome(Cpu cpu, long pc) {
        int word = cpu.peekInstruction(pc);
        Pattern p = cpu.decoder().match(word);
        if (p == null) {
            return 0;
        }
        // Every form below has size in bits 31:30, opc in 23:22 and Rt in 4:0 (ARM ARM C4.1.4).
        int size = word >>> 30;
        int rt = word & 31;
        int opc = (word >>> 22) & 3;
        boolean signed = false;
        boolean sf;
        boolean acquireRelease = false;
        switch (p.name()) {
            case "LDST_uoff", "LDST_unsc", "LDST_roff", "LDST_unpriv" -> {
                if (opc >= 2 && size == 3) {
                    return 0; // PRFM / unallocated: no data access syndrome
                }
                signed = opc >= 2;
                sf = signed ? opc == 2 : size == 3;
            }
            case "LDAR", "STLR" -> {
                sf = size == 3;
                acquireRelease = true;
            }
            default -> {
                return 0;
            }
        }
        return 1 << 24 | size << 22 | (signed ? 1 << 21 : 0) | rt << 16 | (sf ? 1 << 15 : 0)
                | (acquireRelease ? 1 << 14 : 0);
    }
}
