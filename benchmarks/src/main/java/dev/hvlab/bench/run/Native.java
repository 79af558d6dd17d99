package dev.hvlab.bench.run;

import dev.hvlab.board.imx8qm.Board;
import dev.hvlab.board.imx8qm.Boot;

/**
 * No hypervisor: the image is entered at EL2 as a kernel would be on the bare board, installs its
 * own trivial EL2 vector (which only returns from HVC) and drops to EL1, so that every workload runs
 * at EL1 and the null hypercall measures the cheapest possible EL2 round trip (docs/WORKLOADS.md).
 */
public final class Native implements Environment {
    public static final String NAME = "none";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void boot(Board board, String imageName, byte[] image) {
        Boot.load(board, Boot.Spec.elf(imageName, image, guestEntryEl()));
    }

    /** The kernel enters at EL2, as on the bare board, and keeps EL2 to itself (KVM's hyp stub). */
    @Override
    public void bootLinux(Board board, Boot.Spec spec) {
        Boot.load(board, spec);
    }

    @Override
    public int guestEntryEl() {
        return 2;
    }
}
