package dev.hvlab.core.time;

/**
 * A CPU's own notion of "now" in simulated time (picoseconds). The machine runs CPUs in quanta ahead
 * of the {@link EventQueue}, so a CPU in the middle of its quantum is later than the queue: what it
 * reads from the system counter or from a semihosting clock must be its own time, derived from the
 * cycles it has executed, for the values to be the same on every run.
 */
@FunctionalInterface
public interface LocalTime {
    long nowPs(int cpuIndex);

    /** Every CPU at the queue's time: correct when CPUs do not run ahead (tests, a single step at a time). */
    static LocalTime of(EventQueue queue) {
        return cpuIndex -> queue.now();
    }
}
