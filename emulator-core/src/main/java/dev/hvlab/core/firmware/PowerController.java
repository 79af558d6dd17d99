package dev.hvlab.core.firmware;

import dev.hvlab.core.cpu.Cpu;

/**
 * What the EL3 firmware model asks of the machine when software changes the power state of a CPU
 * or of the system (PSCI, ARM DEN 0022). The firmware has already done the architectural part
 * (the target CPU's entry state, the caller's return values); the machine schedules.
 */
public interface PowerController {
    /**
     * Makes the powered-off CPU {@code cpuIndex} runnable: its registers, PC and EL were prepared by
     * {@link NonSecureEntry}. The machine calls {@link El3Firmware#cpuStarted} once it runs it.
     */
    void powerOn(int cpuIndex);

    /** The CPU {@code cpu} turned itself off (CPU_OFF): it runs no more until a CPU_ON; the firmware already requested its stop. */
    void powerOff(Cpu cpu);

    /**
     * CPU_SUSPEND to a standby state: the CPU waits as in WFI until a wake-up event (an interrupt,
     * even a masked one). The default uses the CPU's {@link dev.hvlab.core.cpu.WaitHandler}.
     */
    default void standby(Cpu cpu) {
        cpu.waitHandler.waitForInterrupt(cpu);
    }

    /** SYSTEM_OFF: the run ends with exit status 0. The firmware already requested the caller's stop. */
    void systemOff(Cpu caller);

    /**
     * SYSTEM_RESET: the run ends with a status distinct from a normal exit (the machine does not
     * reboot). The firmware already requested the caller's stop.
     */
    void systemReset(Cpu caller);
}
