package dev.hvlab.core.irq;

/**
 * The per-CPU private peripheral interrupt inputs of an interrupt controller (GICv3 PPIs, INTIDs
 * 16-31): a device that drives a PPI of one particular CPU, such as that CPU's generic timers,
 * calls {@link #setPpi} with the CPU's index. Level-sensitive: repeating the current level is
 * harmless. The board connects it to the GIC's redistributor of that CPU.
 */
@FunctionalInterface
public interface PpiSink {
    void setPpi(int cpuIndex, int intid, boolean level);

    /** No interrupt controller. */
    PpiSink NONE = (cpuIndex, intid, level) -> { };
}
