package dev.hvlab.core.exception;

import dev.hvlab.core.cpu.Cpu;

/** Services a semihosting call ({@code HLT #0xF000}) and returns the address to continue at. */
@FunctionalInterface
public interface SemihostingCall {
    long handle(Cpu cpu, long pc);
}
