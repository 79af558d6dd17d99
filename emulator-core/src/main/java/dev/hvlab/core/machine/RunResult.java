package dev.hvlab.core.machine;

import java.util.List;

/**
 * How a run ended and what it cost.
 *
 * @param exitCode     the process status: the guest's semihosting exit code, 0 on PSCI SYSTEM_OFF, or
 *                     one of the statuses below
 * @param reason       one line saying why the run ended
 * @param instructions instructions retired, all CPUs
 * @param simulatedPs  simulated time at the end, picoseconds
 * @param hostNanos    host (wall-clock) time spent in {@link Machine#run}
 * @param cpus         per-CPU instructions and cycles
 */
public record RunResult(int exitCode, String reason, long instructions, long simulatedPs, long hostNanos,
        List<CpuStats> cpus) {
    /** PSCI SYSTEM_RESET: the machine does not reboot, the run ends with this status. */
    public static final int SYSTEM_RESET = 3;
    /** --max-instructions or --max-time was reached. */
    public static final int LIMIT_REACHED = 4;
    /** Every CPU halted (off, or waiting with nothing that can wake it): the guest is dead. */
    public static final int DEADLOCK = 5;

    /** One CPU's share: instructions retired and cycles of its own clock spent running. */
    public record CpuStats(int index, String coreType, long frequencyHz, long instructions, long cycles) {
    }

    /** Millions of instructions per host second. */
    public double mips() {
        return hostNanos == 0 ? 0 : instructions * 1e3 / hostNanos;
    }

    /** The summary line: {@code hvlab: exit 0 (SYSTEM_OFF); 1234 instructions, 1.5 us simulated, 0.01 s host, 12.3 MIPS}. */
    public String summary() {
        return String.format("hvlab: exit %d (%s); %d instructions, %s simulated, %.3f s host, %.1f MIPS",
                exitCode, reason, instructions, formatTime(simulatedPs), hostNanos / 1e9, mips());
    }

    static String formatTime(long ps) {
        if (ps >= 1_000_000_000_000L) {
            return String.format("%.6f s", ps / 1e12);
        }
        if (ps >= 1_000_000_000L) {
            return String.format("%.3f ms", ps / 1e9);
        }
        return String.format("%.3f us", ps / 1e6);
    }
}
