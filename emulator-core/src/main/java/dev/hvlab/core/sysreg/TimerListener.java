package dev.hvlab.core.sysreg;

import dev.hvlab.core.cpu.Cpu;

/**
 * The generic timer model's hook into the register table: told after software changed what a
 * timer compares or whether it fires (its CTL, CVAL or TVAL; CNTVOFF_EL2 for the virtual timer;
 * CNTKCTL_EL1/CNTHCTL_EL2 event stream settings), so it can reschedule the timer's interrupt. The
 * table keeps the values ({@link SystemRegisterFile#cntCtl}, {@link SystemRegisterFile#cntCval})
 * and computes ISTATUS and TVAL from the counter itself.
 */
@FunctionalInterface
public interface TimerListener {
    /** {@code timer} is one of {@code SystemRegisterFile.TIMER_*}, or -1 for a control register. */
    void timerChanged(Cpu cpu, int timer);

    TimerListener NONE = (cpu, timer) -> { };
}
