package dev.hvlab.core.cpu;

/**
 * A guest exception in flight: the syndrome an instruction raised, thrown from the instruction's
 * semantics and caught by the CPU's step loop, which then takes the exception
 * ({@code AArch64.TakeException}). Guest exceptions are control flow, not emulator errors: there is
 * one preallocated instance per CPU and it carries no stack trace, so raising one allocates nothing.
 */
public final class ArchitecturalException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    public static final int DEFAULT_TARGET = -1;

    /** ESR.EC. */
    public int ec;
    /** ESR.IL: 1 for a 32-bit instruction. */
    public int il;
    /** ESR.ISS. */
    public int iss;
    /** The faulting virtual address (FAR_ELx), when {@link #farValid}. */
    public long far;
    public boolean farValid;
    /** The preferred return address (ELR_ELx). */
    public long preferredReturn;
    /**
     * The exception level the exception is taken to, or {@link #DEFAULT_TARGET}: EL1 from EL0, the
     * current EL otherwise. Explicit targets come from traps (TRAP_EL2/EL3, HVC, SMC); a target of
     * EL1 from EL0 is still re-routed to EL2 by HCR_EL2.TGE, as every AArch64 trap routine does.
     */
    public int targetEl;
    /** The instruction word that raised it, for reports. */
    public int encoding;
    /** For a stage 2 fault: the faulting intermediate physical address (HPFAR_EL2), when {@link #ipaValid}. */
    public long ipa;
    public boolean ipaValid;

    ArchitecturalException() {
        super(null, null, false, false);
    }

    ArchitecturalException set(int ec, int iss, long preferredReturn) {
        this.ec = ec;
        this.il = 1;
        this.iss = iss;
        this.targetEl = DEFAULT_TARGET;
        this.preferredReturn = preferredReturn;
        this.farValid = false;
        this.far = 0;
        this.ipaValid = false;
        this.ipa = 0;
        return this;
    }

    /** ESR_ELx as the architecture composes it: EC[31:26], IL[25], ISS[24:0]. */
    public long esr() {
        return ((long) (ec & 0x3F) << 26) | ((long) il << 25) | (iss & 0x1FFFFFFL);
    }

    @Override
    public String getMessage() {
        return String.format("EC=0x%02x ISS=0x%07x ELR=0x%x%s", ec, iss, preferredReturn,
                farValid ? String.format(" FAR=0x%x", far) : "");
    }
}
