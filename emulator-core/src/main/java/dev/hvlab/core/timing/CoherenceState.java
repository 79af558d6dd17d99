package dev.hvlab.core.timing;

/**
 * The MESI state of a line in an L1 data cache, as bits of {@link SetAssociativeCache#state}.
 * Invalid lines are not in the cache at all; a line present with neither bit set is Shared.
 *
 * <ul>
 *   <li>{@link #EXCLUSIVE}: no other cache holds the line (E, or M with {@link #DIRTY}); a store
 *       needs no request to the other cores.
 *   <li>{@link #DIRTY}: this core wrote the line since it became exclusive (M): a reader elsewhere
 *       is served by this core's L1 (a cache-to-cache transfer), not by the L2.
 * </ul>
 * The Cortex-A53's L1D implements MOESI, the Cortex-A72's MESI (TRMs). The model keeps MESI for
 * both: a read of a Modified line leaves both copies Shared and clean (the data is written back to
 * the L2 as it is forwarded), where the A53 would keep it Owned in the supplier; a third reader is
 * then served by the L2 instead of the owner's L1, at nearly the same cost.
 */
final class CoherenceState {
    static final byte EXCLUSIVE = 1;
    static final byte DIRTY = 2;
    static final byte MODIFIED = EXCLUSIVE | DIRTY;

    private CoherenceState() {
    }
}
