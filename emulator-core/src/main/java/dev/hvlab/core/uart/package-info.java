/**
 * Serial ports: the NXP LPUART of the i.MX 8QM ({@link dev.hvlab.core.uart.Lpuart}) and the ARM
 * PL011 of the virt-compatible board ({@link dev.hvlab.core.uart.Pl011}), as memory-mapped devices
 * writing to an output stream and interrupting through an {@link dev.hvlab.core.irq.InterruptLine}.
 * Transmission is instantaneous; reception happens when the machine delivers bytes
 * ({@link dev.hvlab.core.uart.SerialPort}, {@link dev.hvlab.core.uart.HostInput}), so runs stay
 * deterministic.
 */
package dev.hvlab.core.uart;
