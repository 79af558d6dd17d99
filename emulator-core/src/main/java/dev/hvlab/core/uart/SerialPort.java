package dev.hvlab.core.uart;

/**
 * The receive side of a UART as the machine feeds it: bytes arriving on the serial line. The
 * machine calls {@link #receive} at points of simulated time it chooses (for example on a periodic
 * event), so that the same input delivered at the same times gives the same run. A UART never
 * drops host input: it accepts only what its receive FIFO has room for, and the machine keeps the
 * rest for a later delivery.
 */
public interface SerialPort {
    /** Offers {@code len} bytes; returns how many were accepted (0 while the receiver is disabled or full). */
    int receive(byte[] data, int off, int len);
}
