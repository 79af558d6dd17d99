package dev.hvlab.core.trace;

import dev.hvlab.core.cpu.ArchitecturalException;
import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.ExceptionHandler;

/**
 * {@code exc} and {@code irq}: wraps a CPU's exception handler. A synchronous exception is reported
 * after it was taken, with what the entry wrote (ESR, FAR, ELR of the target EL, the vector); one a
 * model served without entering a vector (the EL3 firmware's SMCs, semihosting) says so.
 * Interrupts: the handler is polled whenever the CPU's attention flag was raised, which every
 * interrupt-line change does, so comparing the lines with their last values finds the changes; an
 * interrupt taken is a poll that moved the pc to a vector.
 */
final class TracingExceptionHandler implements ExceptionHandler {
    private static final String[] ASYNC = {"SYNC?", "IRQ", "FIQ", "SError"};

    private final ExceptionHandler inner;
    private final TraceLog log;
    private final boolean exc;
    private final boolean irq;
    /** Per CPU, the interrupt lines last seen: bit 0 IRQ, 1 FIQ, 2 SError, 3 vIRQ, 4 vFIQ. */
    private int[] lineStates = new int[0];

    TracingExceptionHandler(ExceptionHandler inner, TraceLog log) {
        this.inner = inner;
        this.log = log;
        this.exc = log.options().has(TraceKind.EXC);
        this.irq = log.options().has(TraceKind.IRQ);
    }

    ExceptionHandler inner() {
        return inner;
    }

    @Override
    public long take(Cpu cpu, ArchitecturalException e) {
        int fromEl = cpu.el;
        long at = cpu.pc;
        int ec = e.ec;
        int iss = e.iss;
        long returnAddress = e.preferredReturn;
        long next = inner.take(cpu, e);
        if (!exc || log.full()) {
            return next;
        }
        int el = cpu.el;
        boolean vectored = entered(cpu, next, returnAddress);
        if (!log.accepts(fromEl, at) && !(vectored && log.accepts(el, next))) {
            return next;
        }
        StringBuilder sb = log.begin(cpu, fromEl, TraceKind.EXC);
        FaultStatus.describe(sb, ec, iss);
        TraceLog.hex(sb.append(" at "), at);
        if (vectored) {
            sb.append(String.format(" ESR 0x%08x", cpu.sysregs.esr[el]));
            if (FaultStatus.isAbort(ec) || ec == dev.hvlab.core.cpu.ExceptionClass.PC_ALIGNMENT
                    || ec == dev.hvlab.core.cpu.ExceptionClass.WFX) {
                TraceLog.hex(sb.append(" FAR "), cpu.sysregs.far[el]);
            }
            TraceLog.hex(sb.append(" ELR "), cpu.sysregs.elr[el]);
            sb.append(" -> EL").append(el).append(" vector ");
            TraceLog.hex(sb, next);
        } else {
            sb.append(" served by a model at EL").append(fromEl).append(", continues at ");
            TraceLog.hex(sb, next);
        }
        log.end();
        return next;
    }

    /** Whether taking the exception entered a vector of the current EL (ELR = the return address). */
    private static boolean entered(Cpu cpu, long next, long returnAddress) {
        int el = cpu.el;
        if (el == 0) {
            return false;
        }
        long off = next - cpu.sysregs.vbar[el];
        return Long.compareUnsigned(off, 0x800) < 0 && (off & 0x7F) == 0 && cpu.sysregs.elr[el] == returnAddress;
    }

    @Override
    public long pollInterrupts(Cpu cpu, long pc) {
        int fromEl = cpu.el;
        if (irq && !log.full()) {
            int now = (cpu.irqLine ? 1 : 0) | (cpu.fiqLine ? 2 : 0) | (cpu.serrorLine ? 4 : 0)
                    | (cpu.virqLine ? 8 : 0) | (cpu.vfiqLine ? 16 : 0);
            int was = lineState(cpu);
            if (now != was) {
                setLineState(cpu, now);
                if (log.accepts(fromEl, pc)) {
                    StringBuilder sb = log.begin(cpu, TraceKind.IRQ).append("lines");
                    appendLine(sb, "IRQ", now, was, 1);
                    appendLine(sb, "FIQ", now, was, 2);
                    appendLine(sb, "SError", now, was, 4);
                    appendLine(sb, "vIRQ", now, was, 8);
                    appendLine(sb, "vFIQ", now, was, 16);
                    log.end();
                }
            }
        }
        long next = inner.pollInterrupts(cpu, pc);
        if (next != pc && irq && log.accepts(fromEl, pc)) {
            int el = cpu.el;
            long off = next - cpu.sysregs.vbar[el];
            StringBuilder sb = log.begin(cpu, fromEl, TraceKind.IRQ).append("taken ")
                    .append(ASYNC[(int) (off >>> 7) & 3]).append(" at ");
            TraceLog.hex(sb, pc).append(" -> EL").append(el).append(" vector ");
            TraceLog.hex(sb, next);
            if ((off & 0x180) == 0x180) {
                sb.append(String.format(" ESR 0x%08x", cpu.sysregs.esr[el]));
            }
            log.end();
        }
        return next;
    }

    private static void appendLine(StringBuilder sb, String name, int now, int was, int bit) {
        sb.append(' ').append(name).append('=').append((now & bit) != 0 ? 1 : 0);
        if (((now ^ was) & bit) != 0) {
            sb.append('*'); // this one changed
        }
    }

    private int lineState(Cpu cpu) {
        return cpu.index() < lineStates.length ? lineStates[cpu.index()] : 0;
    }

    private void setLineState(Cpu cpu, int v) {
        if (cpu.index() >= lineStates.length) {
            lineStates = java.util.Arrays.copyOf(lineStates, cpu.index() + 1);
        }
        lineStates[cpu.index()] = v;
    }
}
