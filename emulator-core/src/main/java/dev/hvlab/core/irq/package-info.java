/**
 * The interfaces through which devices drive interrupt-controller inputs, so that a device never
 * depends on the interrupt controller's classes: the board connects a device's
 * {@link dev.hvlab.core.irq.InterruptLine} to a GIC SPI and a {@link dev.hvlab.core.irq.PpiSink}
 * to the GIC's per-CPU PPIs.
 */
package dev.hvlab.core.irq;
