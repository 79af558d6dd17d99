package dev.hvlab.bench.run;

import dev.hvlab.board.imx8qm.Board;
import dev.hvlab.board.imx8qm.Boot;
import dev.hvlab.core.hypervisor.CostLedger;
import dev.hvlab.core.hypervisor.El2Dispatcher;
import dev.hvlab.core.hypervisor.El2Platform;
import dev.hvlab.core.hypervisor.HypervisorModel;
import dev.hvlab.core.spi.Providers;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A hypervisor model with its default configuration (for Jailhouse: one root cell with every CPU
 * and all memory), installed as {@code hvlab boot --hypervisor NAME} installs it: the guest is
 * loaded first, entering at EL2, then the model takes EL2 over and runs the guest as its first
 * partition at EL1. The statistics come from the model's cost ledger.
 */
public final class ModelEnvironment implements Environment {
    private final String name;
    private El2Dispatcher dispatcher;

    /** {@code name} must be a model that exists ({@link Environments#of} checks). */
    ModelEnvironment(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void boot(Board board, String imageName, byte[] image) {
        Boot.load(board, Boot.Spec.elf(imageName, image, guestEntryEl() + 1));
        install(board);
    }

    @Override
    public void bootLinux(Board board, Boot.Spec spec) {
        Boot.load(board, spec);
        install(board);
    }

    private void install(Board board) {
        HypervisorModel model = Providers.hypervisor(name).create(null);
        // The model's own console output (none by default) is not part of the guest's.
        El2Platform platform = new El2Platform(board.machine(), board.config(), board.gic(), board.firmware(),
                board.exceptions(), OutputStream.nullOutputStream(), null);
        dispatcher = El2Dispatcher.install(model, platform);
    }

    @Override
    public int guestEntryEl() {
        return 1;
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

    /** Why partitions were stopped, one line each; empty when none was. */
    public String stoppedPartitions() {
        StringBuilder b = new StringBuilder();
        if (dispatcher != null) {
            dispatcher.reports().forEach(r -> b.append(r.text()).append('\n'));
        }
        return b.toString();
    }
}
