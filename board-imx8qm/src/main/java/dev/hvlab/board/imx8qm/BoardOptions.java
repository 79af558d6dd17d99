package dev.hvlab.board.imx8qm;

import dev.hvlab.core.machine.Machine;
import dev.hvlab.core.machine.TimingModel;
import java.io.OutputStream;

/**
 * How to build a board's machine, beyond its config.
 *
 * @param cpus           how many of the board's CPUs exist (the first N in cluster order); 0 for all
 * @param serial         where the console UART's transmitted bytes go
 * @param semihosting    whether {@code HLT #0xF000} is a semihosting call
 * @param semihostingOut where semihosting console output goes
 * @param timing         the timing model
 * @param quantumPs      the scheduling quantum in picoseconds of simulated time
 */
public record BoardOptions(int cpus, OutputStream serial, boolean semihosting, OutputStream semihostingOut,
        TimingModel timing, long quantumPs) {
    /** All CPUs, functional timing, the default quantum, no semihosting. */
    public static BoardOptions of(OutputStream serial) {
        return new BoardOptions(0, serial, false, serial, TimingModel.FUNCTIONAL, Machine.DEFAULT_QUANTUM_PS);
    }

    public BoardOptions withCpus(int n) {
        return new BoardOptions(n, serial, semihosting, semihostingOut, timing, quantumPs);
    }

    public BoardOptions withSemihosting(boolean on) {
        return new BoardOptions(cpus, serial, on, semihostingOut, timing, quantumPs);
    }
}
