package dev.hvlab.core.gdb;

/**
 * Thrown from a memory access that touches a watchpoint, before the access takes effect: it
 * abandons the instruction (the {@code Cpu} leaves {@code run} with its pc at it), as an AArch64
 * watchpoint exception does. gdb then steps over it with the watchpoint removed. One instance per
 * {@link StopConditions}: no stack trace, no allocation.
 */
public final class WatchpointHit extends RuntimeException {
    WatchpointHit() {
        super("watchpoint", null, false, false);
    }
}
