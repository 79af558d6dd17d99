package dev.hvlab.core.hypervisor;

/**
 * Why a partition was stopped: the result, the trap (ESR decoded, the offending access) and the
 * trapping CPU's registers.
 *
 * @param partition the partition's name
 * @param cpu       the CPU that trapped
 * @param result    UNHANDLED or FORBIDDEN
 * @param reason    the model's explanation, or empty
 * @param trap      {@link Trap#describe()}
 * @param registers a register dump (X0-X30, SP_EL1, ELR_EL2, SPSR_EL2, FAR_EL2, HPFAR_EL2)
 * @param timePs    the simulated time of the trap
 */
public record PartitionReport(String partition, int cpu, TrapResult result, String reason, String trap,
        String registers, long timePs) {
    /** The report as printed: a header line, the trap line, the registers. */
    public String text() {
        return String.format("hvlab: partition '%s' stopped: %s on CPU %d at %.3f us%s%n  %s%n%s", partition, result,
                cpu, timePs / 1e6, reason.isEmpty() ? "" : " (" + reason + ")", trap, registers);
    }
}
