package dev.hvlab.core.gdb;

/**
 * Why a {@link DebugTarget} stopped and on which CPU. {@code address} is the breakpoint's or the
 * watched data's address; for {@link Reason#ENDED} {@code exitCode} is what the run ended with.
 */
public record StopEvent(Reason reason, int cpu, long address, int exitCode) {
    /** What stopped the run. */
    public enum Reason {
        /** A single step completed. */
        STEP,
        /** A software breakpoint ({@code Z0}) address was reached. */
        SW_BREAK,
        /** A hardware breakpoint ({@code Z1}) address was reached. */
        HW_BREAK,
        /** A watchpoint: the instruction accessing it has not executed yet. */
        WATCH_WRITE, WATCH_READ, WATCH_ACCESS,
        /** Ctrl-C or {@link DebugTarget#interrupt()}. */
        INTERRUPTED,
        /** The run ended for good (the guest exited or powered off). */
        ENDED
    }

    public static StopEvent of(Reason reason, int cpu) {
        return new StopEvent(reason, cpu, 0, 0);
    }
}
