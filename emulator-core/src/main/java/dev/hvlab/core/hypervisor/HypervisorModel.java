package dev.hvlab.core.hypervisor;

/**
 * A hypervisor as a Java model of what it does at EL2, installed on a machine in place of EL2 code.
 *
 * <p>{@link #install} configures EL2 of every CPU as the real hypervisor does (HCR_EL2, VTCR_EL2 and
 * VTTBR_EL2 with stage 2 tables built in simulated memory, ICH_HCR_EL2, CNTHCTL_EL2, MDCR_EL2,
 * CPTR_EL2, VPIDR/VMPIDR_EL2), declares its partitions and starts them. From then on the
 * architecture decides what traps: every exception taken to EL2 is taken architecturally (ESR_EL2,
 * ELR_EL2, SPSR_EL2, FAR_EL2, HPFAR_EL2 written, PSTATE at EL2) and the {@link El2Dispatcher} calls
 * {@link #enter}, the handler of the exception's class, {@link #leave}, then returns to the guest
 * with ERET from ELR_EL2/SPSR_EL2 as the handler left them. So a handler that emulates a trapped
 * instruction must advance ELR_EL2 itself, exactly as real EL2 code must (not after HVC, whose
 * preferred return address is already the next instruction).
 *
 * <p>Everything a handler does to the machine goes through the {@link El2Operations} it is given,
 * which prices each step with the core's timing model and records it in the {@link CostLedger}.
 * A model holds no cost numbers of its own.
 *
 * <p>Every handler defaults to {@link TrapResult#UNHANDLED}; an UNHANDLED or FORBIDDEN result stops
 * the trapping CPU's partition with a report, and only that partition.
 */
public interface HypervisorModel {
    /** The model's name, as in the cost ledger ({@code jailhouse}). */
    String name();

    /** Configures EL2, builds the partitions and starts them. Called once, before the run. */
    void install(El2Platform platform, El2Dispatcher dispatcher);

    /** Steps every exit takes before the handler (trap frame save, exit counters, workarounds). */
    default void enter(Trap trap, El2Operations ops) {
    }

    /** Steps every exit takes after a HANDLED trap, before the ERET (trap frame restore). */
    default void leave(Trap trap, El2Operations ops) {
    }

    /** HVC from EL1 (EC 0x16). ELR_EL2 already points after the HVC. */
    default TrapResult hvc(Trap trap, El2Operations ops) {
        return TrapResult.UNHANDLED;
    }

    /** SMC trapped by HCR_EL2.TSC (EC 0x17). ELR_EL2 points at the SMC. */
    default TrapResult smc(Trap trap, El2Operations ops) {
        return TrapResult.UNHANDLED;
    }

    /** Data abort from a lower EL (EC 0x24), typically a stage 2 fault on an unmapped device. */
    default TrapResult dataAbort(Trap trap, El2Operations ops) {
        return TrapResult.UNHANDLED;
    }

    /** Instruction abort from a lower EL (EC 0x20). */
    default TrapResult instructionAbort(Trap trap, El2Operations ops) {
        return TrapResult.UNHANDLED;
    }

    /** Trapped MSR/MRS (EC 0x18). ELR_EL2 points at the instruction. */
    default TrapResult sysreg(Trap trap, El2Operations ops) {
        return TrapResult.UNHANDLED;
    }

    /** WFI/WFE trapped by HCR_EL2.TWI/TWE (EC 0x01). */
    default TrapResult wfx(Trap trap, El2Operations ops) {
        return TrapResult.UNHANDLED;
    }

    /** A physical IRQ routed to EL2 (HCR_EL2.IMO). */
    default TrapResult irq(Trap trap, El2Operations ops) {
        return TrapResult.UNHANDLED;
    }

    /** A physical FIQ routed to EL2 (HCR_EL2.FMO). */
    default TrapResult fiq(Trap trap, El2Operations ops) {
        return TrapResult.UNHANDLED;
    }

    /** An SError routed to EL2 (HCR_EL2.AMO). */
    default TrapResult serror(Trap trap, El2Operations ops) {
        return TrapResult.UNHANDLED;
    }

    /** Any other synchronous exception taken to EL2 (FP traps, debug, illegal state ...). */
    default TrapResult other(Trap trap, El2Operations ops) {
        return TrapResult.UNHANDLED;
    }

    /** Told after the dispatcher stopped {@code partition} (the model's own bookkeeping: cell state). */
    default void partitionStopped(Partition partition, PartitionReport report) {
    }
}
