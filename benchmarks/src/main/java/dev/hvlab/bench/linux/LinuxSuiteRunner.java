package dev.hvlab.bench.linux;

import dev.hvlab.bench.run.Environment;
import dev.hvlab.bench.run.Environments;
import dev.hvlab.bench.run.ModelEnvironment;
import dev.hvlab.bench.run.RunRecord;
import dev.hvlab.bench.run.TimingModels;
import dev.hvlab.board.imx8qm.Board;
import dev.hvlab.board.imx8qm.BoardOptions;
import dev.hvlab.board.imx8qm.Boot;
import dev.hvlab.board.imx8qm.linux.Initramfs;
import dev.hvlab.core.config.BoardConfig;
import dev.hvlab.core.config.UserInputException;
import dev.hvlab.core.machine.Machine;
import dev.hvlab.core.machine.RunResult;
import dev.hvlab.core.machine.TimingModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the Linux suite in one environment: one boot of Debian's kernel with the suite's initramfs,
 * the tests in sequence, to the guest's power-off; the console becomes a {@link RunRecord} of
 * workload {@value LinuxSuite#WORKLOAD} (metrics, histograms, the guest's whole output).
 */
public final class LinuxSuiteRunner {
    /** A guard against a hung guest: the full suite needs well under this much simulated time. */
    public static final long MAX_TIME_PS = 120L * 1_000_000_000_000L;
    public static final long MAX_INSTRUCTIONS = 400_000_000_000L;
    /** The reason of a run that ended with the guest's last line. */
    public static final String FINISHED = "the guest finished the suite";

    /** The kernel, the initramfs and the tests of a suite run, shared by the environments. */
    public record Guest(byte[] kernel, byte[] initramfs, List<LinuxTest> tests, LinuxSuite.Size size) {
        /** The guest of {@code dir} (scripts/fetch-debian-guest.sh) with {@code tests}. */
        public static Guest of(Path dir, LinuxSuite.Size size, List<LinuxTest> tests) {
            if (!LinuxSuite.fetched(dir)) {
                throw new UserInputException("the Linux suite needs the Debian guest in " + dir
                        + ": run scripts/fetch-debian-guest.sh");
            }
            try {
                return new Guest(Files.readAllBytes(dir.resolve("vmlinuz")),
                        LinuxSuite.initramfs(dir.resolve("root"), tests), List.copyOf(tests), size);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private LinuxSuiteRunner() {
    }

    /** Checks the names before anything runs: the environment must exist and host Linux. */
    public static void validate(String environment, String timing) {
        environment(environment);
        TimingModels.of(timing);
    }

    /**
     * The environment called {@code name}: the runner's ({@link Environments#of}) when it has one,
     * else, for a hypervisor model that exists but has no runner environment yet, the model with
     * its default configuration ({@link ModelEnvironment}). Unknown names are user errors.
     */
    public static Environment environment(String name) {
        try {
            return Environments.of(name);
        } catch (UserInputException e) {
            if (!Environments.NATIVE.contains(name) && ModelEnvironment.exists(name)) {
                return new ModelEnvironment(name);
            }
            throw e;
        }
    }

    /** The kernel command line: the board's console, and no kernel chatter between the suite's lines. */
    static String append(BoardConfig board) {
        boolean lpuart = board.devices().stream().anyMatch(d -> d.type().equals("nxp-lpuart"));
        return (lpuart ? "console=ttyLP0" : "console=ttyAMA0") + " quiet";
    }

    public static RunRecord run(Guest guest, String environment, BoardConfig boardConfig, String timingName) {
        Environment env = environment(environment);
        TimingModel timing = TimingModels.of(timingName);
        ConsoleWatch console = new ConsoleWatch(Initramfs.DONE);
        Board board = Board.build(boardConfig,
                new BoardOptions(0, console, false, console, timing, Machine.DEFAULT_QUANTUM_PS));
        Machine machine = board.machine();
        machine.setMaxTimePs(MAX_TIME_PS);
        machine.setMaxInstructions(MAX_INSTRUCTIONS);
        // The run ends when the guest has printed its last line: the same point in every
        // environment, whether or not the hypervisor passes the guest's power-off on.
        machine.setRoundHook(() -> {
            if (console.seen()) {
                machine.exit(machine.cpu(0), 0, FINISHED);
            }
        });
        env.bootLinux(board, new Boot.Spec("vmlinuz", guest.kernel(), null, guest.initramfs(), null, null,
                append(boardConfig), null));
        RunResult r = machine.run();
        String text = console.toString(StandardCharsets.ISO_8859_1).replace("\r", "");
        SuiteOutput out = SuiteOutput.parse(text);
        String failure = out.failure();
        List<String> expected = guest.tests().stream().map(LinuxTest::name).toList();
        if (failure == null && !out.done()) {
            failure = "the suite did not finish (" + r.reason() + "); tests completed: " + out.tests();
        }
        if (failure == null && !out.tests().equals(expected)) {
            failure = "the tests that ran, " + out.tests() + ", are not the suite's " + expected;
        }
        if (failure == null && r.exitCode() != 0) {
            failure = "the machine exited with status " + r.exitCode() + " (" + r.reason() + ")";
        }
        if (failure != null && env instanceof ModelEnvironment m && !m.stoppedPartitions().isEmpty()) {
            failure += "; " + m.stoppedPartitions().strip().replace("\n", "; ");
        }
        List<RunRecord.CpuStats> cpus = new ArrayList<>();
        long cycles = 0;
        for (RunResult.CpuStats c : r.cpus()) {
            cpus.add(new RunRecord.CpuStats(c.index(), c.coreType(), c.frequencyHz(), c.instructions(), c.cycles()));
            cycles += c.cycles();
        }
        Map<String, String> info = new LinkedHashMap<>(out.info());
        info.put("suite", guest.size().name().toLowerCase());
        info.put("tests", String.join(",", expected));
        return new RunRecord(RunRecord.SCHEMA, LinuxSuite.WORKLOAD, env.name(), boardConfig.name(), timing.name(),
                env.guestEntryEl(), failure == null ? "ok" : "failed", failure, r.exitCode(), r.reason(), out.metrics(),
                out.histograms(), out.skipped(), info, r.instructions(), cycles, r.simulatedPs(), cpus,
                env.trapsByPath(), env.costLedger(), text, new RunRecord.Host(r.hostNanos(), r.mips()));
    }
}
