package dev.hvlab.core.trace;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.ExceptionHandler;
import java.io.Writer;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tracing installed on a set of CPUs: call {@link #install} once the machine is wired (translators
 * and exception handlers in place) and before it runs, and {@link #close} after the run. Only the
 * hooks the chosen kinds need are installed; with none, nothing changes.
 */
public final class Trace implements AutoCloseable {
    private final List<Cpu> cpus;
    private final TraceLog log;
    private final InstructionTracer tracer;

    private Trace(List<Cpu> cpus, TraceLog log, InstructionTracer tracer) {
        this.cpus = cpus;
        this.log = log;
        this.tracer = tracer;
    }

    /** Installs the hooks {@code options} asks for on {@code cpus}; lines go to {@code out}. */
    public static Trace install(List<Cpu> cpus, TraceOptions options, Writer out) {
        TraceLog log = new TraceLog(out, options);
        InstructionTracer tracer = null;
        if (InstructionTracer.wanted(options)) {
            tracer = new InstructionTracer(log, cpus);
            for (Cpu c : cpus) {
                c.setTracer(tracer);
            }
        }
        if (options.has(TraceKind.MMU)) {
            for (Cpu c : cpus) {
                c.setTranslator(new TracingTranslator(c.translator(), log));
            }
        }
        if (options.has(TraceKind.EXC) || options.has(TraceKind.IRQ)) {
            // CPUs that share a handler share its wrapper
            Map<ExceptionHandler, TracingExceptionHandler> wrappers = new IdentityHashMap<>();
            for (Cpu c : cpus) {
                c.setExceptionHandler(wrappers.computeIfAbsent(c.exceptionHandler(), h -> new TracingExceptionHandler(h, log)));
            }
        }
        return new Trace(cpus, log, tracer);
    }

    public TraceLog log() {
        return log;
    }

    /**
     * Writes what is still pending, removes the hooks (the CPUs get back what they had) and flushes
     * the output (it does not close it).
     */
    @Override
    public void close() {
        if (tracer != null) {
            tracer.finish(cpus);
        }
        for (Cpu c : cpus) {
            if (c.translator() instanceof TracingTranslator t) {
                c.setTranslator(t.inner());
            }
            if (c.exceptionHandler() instanceof TracingExceptionHandler h) {
                c.setExceptionHandler(h.inner());
            }
        }
        log.flush();
    }
}
