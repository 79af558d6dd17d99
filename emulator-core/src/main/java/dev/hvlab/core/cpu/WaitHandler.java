package dev.hvlab.core.cpu;

/**
 * The machine's side of WFI, WFE, SEV and YIELD (ARM ARM D1.17 "Mechanisms for entering a
 * low-power state"). The instruction semantics keep the architectural state (the Event Register,
 * the WFx traps); a handler decides what waiting means: stop the CPU's quantum until an interrupt
 * or event, reschedule, or nothing. Returning at once is always architecturally allowed.
 */
public interface WaitHandler {
    /** WFI that was not trapped: the PE may sleep until a WFI wake-up event. */
    void waitForInterrupt(Cpu cpu);

    /** WFE that was not trapped, with the Event Register clear: the PE may sleep until an event. */
    void waitForEvent(Cpu cpu);

    /** SEV: signal an event to every PE of the system, this one included ({@code SendEvent()}). */
    void sendEvent(Cpu cpu);

    /** YIELD: a hint that the software thread could give way. */
    default void yieldHint(Cpu cpu) {
    }

    /**
     * One of {@code cpu}'s interrupt inputs changed ({@link Cpu#interruptsChanged}): a WFI or WFE
     * wake-up event if one is now pending and the PE is waiting.
     */
    default void interruptInputsChanged(Cpu cpu) {
    }

    /** A single PE with nothing to wait for: WFI and WFE return at once, SEV sets the own Event Register. */
    WaitHandler NONE = new WaitHandler() {
        @Override
        public void waitForInterrupt(Cpu cpu) {
        }

        @Override
        public void waitForEvent(Cpu cpu) {
        }

        @Override
        public void sendEvent(Cpu cpu) {
            cpu.eventRegister = true;
        }
    };
}
