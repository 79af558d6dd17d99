package dev.hvlab.core.mem;

/**
 * A memory-mapped device: the physical bus hands it every access inside its region, with the
 * offset from the region's base and the index of the accessing CPU (GIC redistributor frames and
 * per-CPU banked registers need it). Device accesses are never cached in the CPU's software TLB.
 *
 * <p>A device that wants the access to fail with a synchronous external abort (an access size it
 * does not support, say) throws {@link BusErrorException}.
 */
public interface MmioDevice {
    /** Reads {@code size} bytes (1, 2, 4 or 8) at {@code offset}, zero-extended. */
    long read(int cpuIndex, long offset, int size);

    /** Writes the low {@code size} bytes of {@code value} at {@code offset}. */
    void write(int cpuIndex, long offset, long value, int size);
}
