package dev.hvlab.core.cpu;

/** Called before every instruction when installed (e.g. {@code --trace-state}). */
@FunctionalInterface
public interface StateTracer {
    void beforeInstruction(Cpu cpu, long pc);
}
