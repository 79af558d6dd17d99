package dev.hvlab.core.trace;

import dev.hvlab.core.cpu.Cpu;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Where trace lines go: applies the filters and the limit. Each line starts with the CPU, its EL
 * and its retired-instruction count, then the kind: {@code cpu0 EL1 #1234 insn ...}. When the
 * limit is reached one last line says so and nothing more is written. Used from the machine's one
 * thread.
 */
public final class TraceLog implements AutoCloseable {
    private final Writer out;
    private final TraceOptions options;
    private final StringBuilder line = new StringBuilder(160);
    private long used;
    private boolean full;

    public TraceLog(Writer out, TraceOptions options) {
        this.out = out;
        this.options = options;
    }

    public TraceOptions options() {
        return options;
    }

    /** Whether the limit has been reached: nothing more will be written. */
    public boolean full() {
        return full;
    }

    /** Whether an event at exception level {@code el} and address {@code pc} passes the filters. */
    public boolean accepts(int el, long pc) {
        return !full && (options.elMask() >>> el & 1) != 0
                && Long.compareUnsigned(pc - options.pcStart(), options.pcEnd() - options.pcStart()) < 0;
    }

    /** Starts a line for {@code cpu} (at its current EL) of kind {@code kind}; finish it with {@link #end()}. */
    StringBuilder begin(Cpu cpu, TraceKind kind) {
        return begin(cpu, cpu.el, kind);
    }

    StringBuilder begin(Cpu cpu, int el, TraceKind kind) {
        line.setLength(0);
        return line.append("cpu").append(cpu.index()).append(" EL").append(el).append(" #").append(cpu.instructions)
                .append(' ').append(kind.word()).append(' ');
    }

    /** Writes the line begun with {@link #begin}, unless it would pass the limit. */
    void end() {
        line.append('\n');
        if (full) {
            return;
        }
        long cost = options.limitInLines() ? 1 : line.length();
        try {
            if (options.limit() > 0 && used + cost > options.limit()) {
                full = true;
                out.write(String.format("hvlab: trace limit of %d %s reached, tracing stopped%n", options.limit(),
                        options.limitInLines() ? "lines" : "bytes"));
                out.flush();
                return;
            }
            used += cost;
            out.append(line);
        } catch (IOException e) {
            throw new UncheckedIOException("trace output: " + e.getMessage(), e);
        }
    }

    /** Bytes or lines written so far (as the limit counts them). */
    public long used() {
        return used;
    }

    static StringBuilder hex(StringBuilder sb, long v) {
        return sb.append("0x").append(Long.toHexString(v));
    }

    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("trace output: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        flush();
    }
}
