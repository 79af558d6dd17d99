package dev.hvlab.bench.run;

import dev.hvlab.board.imx8qm.Board;
import dev.hvlab.board.imx8qm.Boot;
import dev.hvlab.board.imx8qm.HypervisorInstall;
import dev.hvlab.core.hypervisor.CostLedger;
import dev.hvlab.core.hypervisor.El2Dispatcher;
import dev.hvlab.core.spi.HypervisorProvider;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A workload under a hypervisor model with its default configuration: the image is loaded as a
 * kernel entered at EL2 would be, the model takes EL2 and starts the image at EL1 as its first
 * partition (Jailhouse's root cell, Xen's dom0, ...). The workload learns the hypervisor's
 * hypercall convention from {@code hv_abi}, the first word of its image, written here before it
 * starts (src/main/guest/bare/start.S).
 */
public final class ModelEnvironment implements Environment {
    /** Where the workload images keep {@code hv_abi} (link.ld). */
    static final long HV_ABI = WorkloadRunner.IMAGE_BASE;

    private final HypervisorProvider provider;
    private final long hvAbi;
    private El2Dispatcher dispatcher;

    /** {@code hvAbi}: 0 for SMCCC over HVC #0, 1 for Jailhouse's HVC #0x4a48 (start.S). */
    public ModelEnvironment(HypervisorProvider provider, long hvAbi) {
        this.provider = provider;
        this.hvAbi = hvAbi;
    }

    @Override
    public String name() {
        return provider.name();
    }

    @Override
    public void boot(Board board, String imageName, byte[] image) {
        Boot.load(board, Boot.Spec.elf(imageName, image, guestEntryEl()));
        byte[] abi = new byte[8];
        for (int i = 0; i < 8; i++) {
            abi[i] = (byte) (hvAbi >>> (8 * i));
        }
        board.machine().memory().write(HV_ABI, abi, 0, 8);
        dispatcher = HypervisorInstall.install(board, provider, null, OutputStream.nullOutputStream(), null);
    }

    @Override
    public int guestEntryEl() {
        return 2;
    }

    @Override
    public Map<String, Long> trapsByPath() {
        Map<String, Long> m = new LinkedHashMap<>();
        if (dispatcher != null) {
            for (CostLedger.PathTotal p : dispatcher.ledger().paths()) {
                m.merge(p.path(), p.taken(), Long::sum);
            }
        }
        return m;
    }

    @Override
    public Map<String, Map<String, Long>> costLedger() {
        Map<String, Map<String, Long>> m = new LinkedHashMap<>();
        if (dispatcher != null) {
            for (CostLedger.Row r : dispatcher.ledger().rows()) {
                m.computeIfAbsent(r.path(), k -> new LinkedHashMap<>()).merge(r.step(), r.cycles(), Long::sum);
            }
        }
        return m;
    }
}
