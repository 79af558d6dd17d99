/**
 * Arm semihosting for A64 ({@code HLT #0xF000}), enabled by a flag: console output and input,
 * simulated-time clocks, and the exit calls bare-metal tests end with.
 */
package dev.hvlab.core.semihosting;
