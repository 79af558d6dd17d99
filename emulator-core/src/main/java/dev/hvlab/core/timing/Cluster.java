package dev.hvlab.core.timing;

import java.util.Arrays;

/**
 * The cores of one core type and their shared L2: on the i.MX 8QuadMax the Cortex-A72 pair and the
 * Cortex-A53 quad, joined by a CCI-400 that snoops one cluster on behalf of the other.
 *
 * <p>Coherence inside a cluster is the cores' business ({@link CoreTimer} asks its peers' L1Ds
 * directly, as the SCU's duplicate tags or the L2's snoop filter do); this class answers for the
 * whole cluster when a core of another cluster asks through the interconnect.
 */
final class Cluster {
    final String coreType;
    final SetAssociativeCache l2;
    /** The cluster's cores (an array: the snoop loops run on L1 misses and must not allocate). */
    CoreTimer[] cores = new CoreTimer[0];

    /** {@link #snoop} found the line in this cluster. */
    static final int HELD = 1;
    /** {@link #snoop} found it Modified in one of this cluster's L1Ds. */
    static final int HELD_DIRTY = 2;

    Cluster(String coreType, SetAssociativeCache l2) {
        this.coreType = coreType;
        this.l2 = l2;
    }

    void add(CoreTimer core) {
        cores = Arrays.copyOf(cores, cores.length + 1);
        cores[cores.length - 1] = core;
    }

    /**
     * A snoop from another cluster for line number {@code line}: a read leaves this cluster's L1
     * copies Shared, a write (a request for a unique copy) removes them and the L2's. Returns
     * {@link #HELD} and {@link #HELD_DIRTY} bits, 0 if no cache of this cluster had the line.
     */
    int snoop(long line, boolean write) {
        int found = 0;
        for (CoreTimer c : cores) {
            found |= c.snooped(line, write);
        }
        int i = l2.indexOf(line);
        if (i >= 0) {
            found |= HELD;
            if (write) {
                l2.invalidate(i);
            }
        }
        return found;
    }
}
