package dev.hvlab.bench.run;

import dev.hvlab.bench.Workload;
import dev.hvlab.bench.Workloads;
import dev.hvlab.board.imx8qm.Board;
import dev.hvlab.board.imx8qm.BoardOptions;
import dev.hvlab.core.config.BoardConfig;
import dev.hvlab.core.config.UserInputException;
import dev.hvlab.core.machine.Machine;
import dev.hvlab.core.machine.RunResult;
import dev.hvlab.core.machine.TimingModel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one {@link RunSpec} in this process: builds the board, lets the environment boot the
 * workload, runs the machine to PSCI SYSTEM_OFF (or the limits below) and parses the console.
 * Each run has its own machine, so runs may go on in parallel threads.
 */
public final class WorkloadRunner {
    /** No workload needs more than 1 s of simulated time; a hung one stops there. */
    public static final long MAX_TIME_PS = 1_000_000_000_000L;
    public static final long MAX_INSTRUCTIONS = 4_000_000_000L;
    /** Where the images are linked: the i.MX 8QM's DDR. */
    static final long IMAGE_BASE = 0x8000_0000L;

    private WorkloadRunner() {
    }

    /** Checks the spec's names (user errors) before anything runs. */
    public static void validate(RunSpec spec) {
        Workload w = Workloads.get(spec.workload());
        Environments.of(spec.hypervisor());
        TimingModels.of(spec.timing());
        if (!hasImx8qmMap(spec.board())) {
            throw new UserInputException("board '" + spec.board().name() + "': the workloads are built for the i.MX 8QM "
                    + "memory map (DDR at 0x80000000, LPUART0 at 0x5a060000, GICv3 GICD 0x51a00000 / GICR 0x51b00000)");
        }
        if (spec.board().cpuCount() < w.cpus()) {
            throw new UserInputException("workload " + w.name() + " needs " + w.cpus() + " CPUs; board '"
                    + spec.board().name() + "' has " + spec.board().cpuCount());
        }
    }

    /** Whether {@code b} has what the workload images address directly (src/main/guest/bare/rt.h). */
    static boolean hasImx8qmMap(BoardConfig b) {
        boolean ram = b.ram().stream().anyMatch(r -> r.base() <= IMAGE_BASE && IMAGE_BASE - r.base() < r.size());
        return ram && device(b, "nxp-lpuart", 0x5a06_0000L) && device(b, "gicv3-distributor", 0x51a0_0000L)
                && device(b, "gicv3-redistributor", 0x51b0_0000L);
    }

    private static boolean device(BoardConfig b, String type, long base) {
        return b.devices().stream().anyMatch(d -> d.type().equals(type) && d.base() == base);
    }

    public static RunRecord run(RunSpec spec) {
        validate(spec);
        return run(spec, Environments.of(spec.hypervisor()));
    }

    /** Runs {@code spec} under {@code env} (whose name replaces the spec's in the record). */
    public static RunRecord run(RunSpec spec, Environment env) {
        Workload w = Workloads.get(spec.workload());
        TimingModel timing = TimingModels.of(spec.timing());
        DoneWatcher console = new DoneWatcher();
        Board board = Board.build(spec.board(),
                new BoardOptions(0, console, false, console, timing, Machine.DEFAULT_QUANTUM_PS));
        Machine machine = board.machine();
        console.attach(machine);
        machine.setMaxTimePs(MAX_TIME_PS);
        machine.setMaxInstructions(MAX_INSTRUCTIONS);
        env.boot(board, w.name() + ".elf", w.image(env.imageLayout()));
        RunResult r = machine.run();
        String text = console.toString(StandardCharsets.ISO_8859_1);
        WorkloadOutput out = WorkloadOutput.parse(text);
        String failure = out.failure();
        if (failure == null && !out.done()) {
            failure = "the workload did not finish: " + r.reason();
        }
        if (failure == null && r.exitCode() != 0) {
            failure = "the machine exited with status " + r.exitCode() + " (" + r.reason() + ")";
        }
        List<RunRecord.CpuStats> cpus = new ArrayList<>();
        long cycles = 0;
        for (RunResult.CpuStats c : r.cpus()) {
            cpus.add(new RunRecord.CpuStats(c.index(), c.coreType(), c.frequencyHz(), c.instructions(), c.cycles()));
            cycles += c.cycles();
        }
        return new RunRecord(RunRecord.SCHEMA, w.name(), env.name(), spec.board().name(), timing.name(),
                env.guestEntryEl(), failure == null ? "ok" : "failed", failure, r.exitCode(), r.reason(), out.metrics(),
                out.histograms(), out.skipped(), out.info(), r.instructions(), cycles, r.simulatedPs(), cpus,
                env.trapsByPath(), env.costLedger(), text.replace("\r", ""), new RunRecord.Host(r.hostNanos(), r.mips()));
    }
}
