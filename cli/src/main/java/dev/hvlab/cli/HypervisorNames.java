package dev.hvlab.cli;

import dev.hvlab.board.imx8qm.Board;
import dev.hvlab.board.imx8qm.HypervisorInstall;
import dev.hvlab.core.config.ConfigReader;
import dev.hvlab.core.config.InputFiles;
import dev.hvlab.core.config.UserInputException;
import dev.hvlab.core.hypervisor.El2Dispatcher;
import dev.hvlab.core.hypervisor.PartitionReport;
import dev.hvlab.core.spi.HypervisorProvider;
import dev.hvlab.core.spi.Providers;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hypervisor names on the command line: a discovered model, or none for bare hardware. */
final class HypervisorNames {
    /** The names that mean "no hypervisor": the guest runs on the bare board. */
    static final List<String> BARE = List.of("none", "native");

    private HypervisorNames() {
    }

    /** Checks {@code name}; an unknown one is a user error listing the known models. */
    static String check(String name) {
        if (!BARE.contains(name)) {
            Providers.hypervisor(name);
        }
        return name;
    }

    /** As {@link #check}, and the model must exist (not only its name). */
    static String requireModel(String name) {
        if (!BARE.contains(name) && Providers.hypervisor(name).create(null) == null) {
            throw new UserInputException("--hypervisor " + name + ": the model is not available yet; use --hypervisor none");
        }
        return name;
    }

    static boolean isBare(String name) {
        return BARE.contains(name);
    }

    /**
     * Installs model {@code name} on {@code board} (after the image was loaded: the model takes the
     * boot CPU over), configured from {@code config} when given; null for a bare board. The model's
     * debug console writes to {@code console}.
     */
    static El2Dispatcher install(String name, Path config, Board board, OutputStream console) {
        if (isBare(name)) {
            if (config != null) {
                throw new UserInputException("--hv-config needs --hypervisor NAME");
            }
            return null;
        }
        HypervisorProvider provider = Providers.hypervisor(name);
        Record settings = null;
        if (config != null) {
            InputFiles.requireReadable(config, "hypervisor config");
            if (provider.configType() == null) {
                throw new UserInputException("--hv-config: the " + name + " model takes no configuration");
            }
            settings = ConfigReader.read(config, "hypervisor config", provider.configType());
        }
        Path dir = config == null ? null : config.toAbsolutePath().getParent();
        return HypervisorInstall.install(board, provider, settings, console, dir);
    }

    /** Prints each stopped partition's report. */
    static void printReports(El2Dispatcher hv, PrintWriter err) {
        if (hv != null) {
            for (PartitionReport r : hv.reports()) {
                err.println(r.text());
            }
        }
    }

    /** The model's part of {@code --stats}: its name, the cost ledger and the stopped partitions. */
    static void addStats(El2Dispatcher hv, Map<String, Object> json) {
        if (hv == null) {
            return;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", hv.model().name());
        m.put("costLedger", hv.ledger().toJson());
        m.put("stoppedPartitions", hv.reports().stream().map(r -> Map.of("partition", r.partition(), "cpu", r.cpu(),
                "result", r.result().name(), "trap", r.trap())).toList());
        json.put("hypervisor", m);
    }
}
