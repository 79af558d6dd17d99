package dev.hvlab.cli;

import dev.hvlab.bench.Workload;
import dev.hvlab.bench.Workloads;
import dev.hvlab.bench.run.Environments;
import dev.hvlab.core.config.BoardConfig;
import dev.hvlab.core.config.CpuModel;
import dev.hvlab.core.config.CpuModels;
import dev.hvlab.core.spi.HypervisorProvider;
import dev.hvlab.core.spi.Providers;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code hvlab info}: what this build can run. */
@Command(name = "info",
        description = "List the boards, CPU models, hypervisor models, runner environments and workloads available.")
final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<BoardConfig> boards = Providers.boards();
        out.println("Boards:");
        for (BoardConfig b : boards) {
            row(out, b.name(), b.description());
        }
        none(out, boards);
        out.println("CPU models:");
        for (CpuModel m : CpuModels.all()) {
            row(out, m.name(), String.format("MIDR_EL1 0x%08x (%s)", m.midr(), m.note()));
        }
        List<HypervisorProvider> hypervisors = Providers.hypervisors();
        out.println("Hypervisor models:");
        for (HypervisorProvider h : hypervisors) {
            row(out, h.name(), h.description());
        }
        none(out, hypervisors);
        out.println("Environments (hvlab run --hypervisor, hvlab compare --hypervisors):");
        for (java.util.Map.Entry<String, String> e : Environments.descriptions().entrySet()) {
            row(out, e.getKey(), e.getValue());
        }
        List<Workload> workloads = Workloads.all();
        out.println("Workloads:");
        for (Workload w : workloads) {
            row(out, w.name(), w.description());
        }
        if (workloads.isEmpty()) {
            out.println("  none yet (issue 12)");
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static void row(PrintWriter out, String name, String text) {
        out.printf("  %-14s %s%n", name, text);
    }

    private static void none(PrintWriter out, List<?> list) {
        if (list.isEmpty()) {
            out.println("  none found on the class path");
        }
    }
}
