/**
 * The GICv3 interrupt controller, shaped as the Arm GIC-500 of the i.MX 8QuadMax, with the
 * Cortex-A72/A53 GIC CPU interface and its virtualization interface.
 *
 * <p>{@link dev.hvlab.core.gic.Gic} is the board's handle: it owns the
 * {@link dev.hvlab.core.gic.Distributor} and {@link dev.hvlab.core.gic.Redistributors} (memory-mapped
 * devices), one {@link dev.hvlab.core.gic.CpuInterface} and
 * {@link dev.hvlab.core.gic.VirtualCpuInterface} per CPU, takes SPI and PPI input levels, and
 * drives each CPU's irqLine/fiqLine/virqLine/vfiqLine. The ICC_* and ICH_* System registers live in
 * the shared table ({@link dev.hvlab.core.gic.GicSystemRegisters}) and find the accessing CPU's
 * interface through {@code SystemRegisterFile.gic}.
 *
 * <p>State changes are rare next to instructions, so every change recomputes every CPU's highest
 * priority pending interrupt (a scan of the pending, enabled, inactive bits) instead of keeping
 * incremental structures: simple to check against the specification, fast enough for 6 CPUs and
 * 480 SPIs.
 */
package dev.hvlab.core.gic;
