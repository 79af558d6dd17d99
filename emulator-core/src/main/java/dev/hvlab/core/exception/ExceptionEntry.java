package dev.hvlab.core.exception;

import dev.hvlab.core.cpu.ArchitecturalException;
import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.ExceptionClass;
import dev.hvlab.core.sysreg.Pstate;
import dev.hvlab.core.sysreg.SystemRegisterFile;

/**
 * {@code AArch64.TakeException}: moving the PE to the target exception level. Saves PSTATE in
 * SPSR_ELx and the preferred return address in ELR_ELx, writes the syndrome (ESR_ELx, FAR_ELx,
 * HPFAR_EL2) for synchronous exceptions and SErrors, masks D, A, I and F, selects SP_ELx and
 * branches into VBAR_ELx at the offset for the exception's origin and kind. AArch32 is not
 * supported at any EL, so every lower EL is "using AArch64".
 */
public final class ExceptionEntry {
    private ExceptionEntry() {
    }

    /**
     * Takes an exception to {@code targetEl} and returns the address of the vector to execute.
     *
     * @param syndrome the synchronous exception or SError syndrome; null for IRQ and FIQ
     */
    public static long take(Cpu cpu, int targetEl, ExceptionKind kind, ArchitecturalException syndrome,
                            long preferredReturn) {
        SystemRegisterFile s = cpu.sysregs;
        int fromEl = cpu.el;
        long base;
        if (targetEl > fromEl) {
            base = 0x400; // lower EL using AArch64
        } else {
            base = cpu.spSel == 0 ? 0x000 : 0x200; // current EL with SP_EL0 or SP_ELx
        }
        s.spsr[targetEl] = Pstate.toSpsr(cpu);
        s.elr[targetEl] = preferredReturn;
        if (syndrome != null) {
            fixAbortClass(syndrome, targetEl > fromEl);
            s.esr[targetEl] = syndrome.esr();
            if (syndrome.farValid) {
                s.far[targetEl] = syndrome.far;
            }
            if (targetEl == 2 && syndrome.ipaValid) {
                // HPFAR_EL2.FIPA holds IPA[47:12] in bits [39:4].
                s.hpfarEl2 = (syndrome.ipa >>> 12) << 4;
            }
        }
        cpu.exceptionTaken(targetEl, syndrome != null ? syndrome.ec
                : kind == ExceptionKind.IRQ ? Cpu.SLOT_IRQ : Cpu.SLOT_FIQ);
        cpu.il = false;
        cpu.daif = Pstate.DAIF_MASK;
        Pstate.select(cpu, targetEl, 1);
        cpu.interruptsChanged();
        return s.vbar[targetEl] + base + kind.vectorOffset;
    }

    /**
     * Instruction and Data Aborts have one EC for an exception from a lower EL and another for one
     * taken without a change of EL; which applies is known only once the target is.
     */
    static void fixAbortClass(ArchitecturalException e, boolean fromLowerEl) {
        switch (e.ec) {
            case ExceptionClass.INSN_ABORT_LOWER, ExceptionClass.INSN_ABORT_SAME ->
                    e.ec = fromLowerEl ? ExceptionClass.INSN_ABORT_LOWER : ExceptionClass.INSN_ABORT_SAME;
            case ExceptionClass.DATA_ABORT_LOWER, ExceptionClass.DATA_ABORT_SAME ->
                    e.ec = fromLowerEl ? ExceptionClass.DATA_ABORT_LOWER : ExceptionClass.DATA_ABORT_SAME;
            default -> {
            }
        }
    }
}
