package dev.hvlab.core.gdb;

import dev.hvlab.core.cpu.AccessType;
import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.StateTracer;
import dev.hvlab.core.cpu.WatchpointFilter;
import dev.hvlab.core.mem.Page;
import java.util.ArrayList;
import java.util.List;

/**
 * The breakpoints and watchpoints gdb has set, and the record of which one a run hit. Both are
 * checked by the emulator: breakpoints by a {@link StateTracer} comparing the pc before each
 * instruction (installed only while a breakpoint exists, so an unwatched run keeps the fast
 * dispatch loop), watchpoints by a {@link WatchpointFilter} (only watched pages leave the software
 * TLB). Guest memory is never written.
 */
public final class StopConditions implements WatchpointFilter {
    /** gdb's {@code Z} types 2, 3, 4. */
    public enum WatchKind { WRITE, READ, ACCESS }

    private record Watch(long address, long length, WatchKind kind) {
        boolean overlaps(long va, long size) {
            return Long.compareUnsigned(va - address, length) < 0 || Long.compareUnsigned(address - va, size) < 0;
        }
    }

    private long[] swBreaks = new long[0];
    private long[] hwBreaks = new long[0];
    private final List<Watch> watches = new ArrayList<>();
    private final WatchpointHit hitThrowable = new WatchpointHit();
    private final List<Cpu> armed = new ArrayList<>();
    private final List<StateTracer> previousTracers = new ArrayList<>();

    private StopEvent hit;

    // ---- setting them (gdb's Z and z packets) -----------------------------------------------

    public void addBreakpoint(long address, boolean hardware) {
        if (hardware) {
            hwBreaks = add(hwBreaks, address);
        } else {
            swBreaks = add(swBreaks, address);
        }
    }

    /** Returns whether there was one. */
    public boolean removeBreakpoint(long address, boolean hardware) {
        long[] from = hardware ? hwBreaks : swBreaks;
        long[] to = remove(from, address);
        if (hardware) {
            hwBreaks = to;
        } else {
            swBreaks = to;
        }
        return to.length != from.length;
    }

    public void addWatchpoint(long address, long length, WatchKind kind) {
        watches.add(new Watch(address, Math.max(1, length), kind));
    }

    public boolean removeWatchpoint(long address, long length, WatchKind kind) {
        return watches.remove(new Watch(address, Math.max(1, length), kind));
    }

    public boolean hasBreakpoints() {
        return swBreaks.length + hwBreaks.length > 0;
    }

    public boolean hasWatchpoints() {
        return !watches.isEmpty();
    }

    public void clear() {
        swBreaks = new long[0];
        hwBreaks = new long[0];
        watches.clear();
    }

    private static long[] add(long[] a, long v) {
        for (long x : a) {
            if (x == v) {
                return a;
            }
        }
        long[] r = java.util.Arrays.copyOf(a, a.length + 1);
        r[a.length] = v;
        return r;
    }

    private static long[] remove(long[] a, long v) {
        return java.util.Arrays.stream(a).filter(x -> x != v).toArray();
    }

    // ---- arming them on CPUs for one resume -------------------------------------------------

    /** Forgets the last hit: call when a resume starts. */
    public void reset() {
        hit = null;
    }

    /**
     * Makes {@code cpu} check the conditions until {@link #disarmAll()}: breakpoints (unless
     * {@code breakpoints} is false, e.g. for the CPU being single-stepped) and watchpoints.
     */
    public void arm(Cpu cpu, boolean breakpoints) {
        armed.add(cpu);
        StateTracer previous = cpu.tracer();
        previousTracers.add(previous);
        if (breakpoints && hasBreakpoints()) {
            cpu.setTracer((c, pc) -> {
                if (previous != null) {
                    previous.beforeInstruction(c, pc);
                }
                checkBreakpoint(c, pc);
            });
        }
        if (hasWatchpoints()) {
            cpu.setWatchpoints(this);
        }
    }

    /** Restores every armed CPU as it was. */
    public void disarmAll() {
        for (int i = 0; i < armed.size(); i++) {
            Cpu cpu = armed.get(i);
            cpu.setTracer(previousTracers.get(i));
            if (hasWatchpoints()) {
                cpu.setWatchpoints(null);
            }
        }
        armed.clear();
        previousTracers.clear();
    }

    private void checkBreakpoint(Cpu cpu, long pc) {
        if (hit != null) {
            cpu.requestStop(); // another CPU already stopped the machine
            return;
        }
        StopEvent e = breakpointAt(cpu, pc);
        if (e != null) {
            stop(e, cpu);
        }
    }

    /** The stop a breakpoint at {@code pc} makes on {@code cpu}, or null if there is none. */
    StopEvent breakpointAt(Cpu cpu, long pc) {
        for (long a : swBreaks) {
            if (a == pc) {
                return new StopEvent(StopEvent.Reason.SW_BREAK, cpu.index(), pc, 0);
            }
        }
        for (long a : hwBreaks) {
            if (a == pc) {
                return new StopEvent(StopEvent.Reason.HW_BREAK, cpu.index(), pc, 0);
            }
        }
        return null;
    }

    private void stop(StopEvent e, Cpu cpu) {
        hit = e;
        cpu.requestStop();
    }

    /** The stop {@code cpu} ran into during this resume, or null. */
    public StopEvent stopFor(Cpu cpu) {
        return hit != null && hit.cpu() == cpu.index() ? hit : null;
    }

    /** The stop any CPU ran into during this resume, or null. */
    public StopEvent stop() {
        return hit;
    }

    // ---- WatchpointFilter -------------------------------------------------------------------

    @Override
    public boolean watchesPage(long vpn) {
        for (Watch w : watches) {
            long first = w.address >>> Page.SHIFT;
            long last = (w.address + w.length - 1) >>> Page.SHIFT;
            if (Long.compareUnsigned(vpn - first, last - first + 1) < 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void access(Cpu cpu, long va, int size, AccessType type) {
        StopEvent e = watchpointAt(cpu, va, size, type);
        if (e != null) {
            stop(e, cpu);
            throw hitThrowable;
        }
    }

    /** The stop an access makes on {@code cpu} if it touches a watchpoint of its kind, or null. */
    StopEvent watchpointAt(Cpu cpu, long va, int size, AccessType type) {
        for (Watch w : watches) {
            boolean kindMatches = switch (w.kind) {
                case WRITE -> type == AccessType.WRITE;
                case READ -> type == AccessType.READ;
                case ACCESS -> true;
            };
            if (kindMatches && w.overlaps(va, size)) {
                StopEvent.Reason r = switch (w.kind) {
                    case WRITE -> StopEvent.Reason.WATCH_WRITE;
                    case READ -> StopEvent.Reason.WATCH_READ;
                    case ACCESS -> StopEvent.Reason.WATCH_ACCESS;
                };
                // gdb matches the reported address against its watchpoints' ranges
                long reported = Long.compareUnsigned(va, w.address) < 0 ? w.address : va;
                return new StopEvent(r, cpu.index(), reported, 0);
            }
        }
        return null;
    }
}
