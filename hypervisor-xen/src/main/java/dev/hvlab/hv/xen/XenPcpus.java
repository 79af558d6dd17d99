package dev.hvlab.hv.xen;

import dev.hvlab.core.config.BoardConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Which CPUs of a board Xen brings online (xen/arch/arm/smpboot.c, start_secondary; Xen's
 * docs/misc/arm/big.LITTLE.txt): a secondary CPU whose MIDR differs from the boot CPU's (CPU 0) is
 * parked ({@code stop_cpu}: PSCI CPU_OFF, never online) unless the command line has
 * {@code hmp-unsafe=true}, with which Xen keeps it and taints itself. On the i.MX 8QM (boot CPU a
 * Cortex-A53) Xen's default pCPUs are the four A53s; the two A72s stay off. Schedulers, idle vCPUs,
 * {@code dom0_max_vcpus=0} and "all pCPUs" affinities count only these.
 */
public final class XenPcpus {
    private XenPcpus() {
    }

    /**
     * The CPUs Xen uses, in order, given each CPU's identity (its MIDR, or anything equal exactly when
     * the MIDRs are); CPU 0 is the boot CPU.
     */
    public static int[] used(List<?> identities, boolean hmpUnsafe) {
        List<Integer> on = new ArrayList<>();
        for (int c = 0; c < identities.size(); c++) {
            if (hmpUnsafe || identities.get(c).equals(identities.get(0))) {
                on.add(c);
            }
        }
        return on.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The same rule from a board description: CPUs are numbered through the clusters in order and a
     * core type has one MIDR (the emulator's CoreIdentity), so the CPUs of CPU 0's core type.
     */
    public static int[] used(BoardConfig board, boolean hmpUnsafe) {
        List<String> types = new ArrayList<>();
        for (BoardConfig.Cluster c : board.clusters()) {
            for (int i = 0; i < c.cpus(); i++) {
                types.add(c.coreType());
            }
        }
        return used(types, hmpUnsafe);
    }
}
