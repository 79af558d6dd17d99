/**
 * Tracing for debugging guests ({@code hvlab boot --trace insn,exc,irq,mmu,sysreg}): each kind is
 * a wrapper around one seam the CPU already has, installed only when asked for, so a run without
 * tracing executes exactly the code it would without this package. Instructions, system register
 * accesses and TLB maintenance come from a {@link dev.hvlab.core.cpu.StateTracer} (the CPU's
 * slower traced loop); exceptions and interrupts from a wrapping
 * {@link dev.hvlab.core.cpu.ExceptionHandler}; translation table walks (software TLB fills) and
 * translation faults from a wrapping {@link dev.hvlab.core.cpu.Translator}. {@link Trace#install}
 * puts them in place; {@link TraceLog} writes the lines, applies the EL and PC filters and the
 * size limit.
 */
package dev.hvlab.core.trace;
