/**
 * A GDB Remote Serial Protocol server ("gdbstub") for hvlab guests: one client on a localhost TCP
 * port, an AArch64 target description, registers, virtual and physical memory, breakpoints and
 * watchpoints checked by the emulator (guest memory is never patched), single-step, continue,
 * Ctrl-C, one thread per CPU and {@code monitor} commands.
 *
 * <p>The layers: {@link dev.hvlab.core.gdb.RspDecoder} and {@link dev.hvlab.core.gdb.RspPackets}
 * frame packets, {@link dev.hvlab.core.gdb.RspConnection} owns the socket,
 * {@link dev.hvlab.core.gdb.GdbStub} answers the commands, and a
 * {@link dev.hvlab.core.gdb.DebugTarget} (one CPU: {@link dev.hvlab.core.gdb.SingleCpuTarget}; a
 * whole machine: {@link dev.hvlab.core.gdb.MachineDebugTarget}, served by
 * {@link dev.hvlab.core.gdb.MachineGdbServer} for {@code hvlab boot --gdb}) runs the guest until a {@link dev.hvlab.core.gdb.StopConditions stop condition}.
 * Breakpoints cost nothing while none is set: they use the CPU's tracer hook, and watchpoints keep
 * only the watched pages out of the software TLB. A stop happens between instructions and changes
 * neither instruction counts nor simulated time.
 */
package dev.hvlab.core.gdb;
