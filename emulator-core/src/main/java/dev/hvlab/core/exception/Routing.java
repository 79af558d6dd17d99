package dev.hvlab.core.exception;

import static dev.hvlab.core.sysreg.SystemRegisterFile.HCR_TGE;

import dev.hvlab.core.cpu.ArchitecturalException;
import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.sysreg.SystemRegisterFile;

/**
 * Which exception level an exception is taken to, and whether a pending interrupt is taken now
 * (ARM ARM D1.10 "Exception entry", D1.11 "Asynchronous exception types, routing, masking and
 * priorities", tables D1-14 to D1-17 for an ARMv8.0 PE with EL2 and EL3 and no Secure EL2).
 */
public final class Routing {
    /** HCR_EL2 routing and virtual-interrupt bits. */
    public static final long HCR_FMO = 1L << 3;
    public static final long HCR_IMO = 1L << 4;
    public static final long HCR_AMO = 1L << 5;
    public static final long HCR_VF = 1L << 6;
    public static final long HCR_VI = 1L << 7;
    public static final long HCR_VSE = 1L << 8;
    /** SCR_EL3 routing bits. */
    public static final long SCR_IRQ = 1L << 1;
    public static final long SCR_FIQ = 1L << 2;
    public static final long SCR_EA = 1L << 3;

    private Routing() {
    }

    /**
     * The target of a synchronous exception: the EL a trap or instruction named explicitly, else
     * EL1 from EL0 and the current EL otherwise; HCR_EL2.TGE sends what would go from EL0 to EL1
     * to EL2 instead ({@code AArch64.TakeException}'s callers, e.g. {@code AArch64.Abort}).
     */
    public static int synchronousTarget(Cpu cpu, ArchitecturalException e) {
        int target = e.targetEl >= 0 ? e.targetEl : Math.max(1, cpu.el);
        if (target == 1 && cpu.el == 0 && tge(cpu)) {
            target = 2;
        }
        return Math.max(target, cpu.el); // never to a lower EL
    }

    private static boolean tge(Cpu cpu) {
        SystemRegisterFile s = cpu.sysregs;
        return s.el2Enabled() && (s.hcrEl2 & HCR_TGE) != 0;
    }

    /**
     * The EL a physical IRQ, FIQ or SError is routed to: EL3 when SCR_EL3 says so, EL2 when HCR_EL2
     * does (or TGE is set), EL1 otherwise.
     */
    public static int physicalTarget(Cpu cpu, long scrBit, long hcrBit) {
        SystemRegisterFile s = cpu.sysregs;
        if ((s.scrEl3 & scrBit) != 0) {
            return 3;
        }
        if (s.el2Enabled() && (s.hcrEl2 & (hcrBit | HCR_TGE)) != 0) {
            return 2;
        }
        return 1;
    }

    /**
     * Whether an asynchronous exception routed to {@code target} is taken at the current EL with
     * PSTATE mask bit {@code masked}: never when routed below the current EL; subject to the mask
     * when routed to the current EL, or from EL0 to EL1; unconditionally when routed up to EL2 or EL3.
     */
    public static boolean takenNow(Cpu cpu, int target, boolean masked) {
        int el = cpu.el;
        if (target < el) {
            return false;
        }
        if (target == el || target == 1) {
            return !masked;
        }
        return true;
    }

    /** Virtual interrupts exist only below EL2, with EL2 enabled and TGE clear, when the routing bit is set. */
    public static boolean virtualEnabled(Cpu cpu, long hcrRoutingBit) {
        SystemRegisterFile s = cpu.sysregs;
        return cpu.el <= 1 && s.el2Enabled() && (s.hcrEl2 & hcrRoutingBit) != 0 && (s.hcrEl2 & HCR_TGE) == 0;
    }
}
