package dev.hvlab.hv.xvisor;

import dev.hvlab.board.imx8qm.Board;
import dev.hvlab.board.imx8qm.BoardOptions;
import dev.hvlab.board.imx8qm.Boot;
import dev.hvlab.core.config.BoardConfig;
import dev.hvlab.core.hypervisor.El2Dispatcher;
import dev.hvlab.core.hypervisor.El2Platform;
import dev.hvlab.core.machine.RunResult;
import dev.hvlab.core.spi.Providers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** An i.MX 8QM with an image booted on CPU 0, natively or under the Xvisor model. */
final class Rig {
    /** Where the workload images keep hv_abi (benchmarks/src/main/guest/bare/link.ld). */
    static final long HV_ABI = 0x8000_0000L;
    static final long HV_ABI_SMCCC = 0;
    static final long HV_ABI_PSCI_VERSION = 2;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final Board board;
    final El2Dispatcher dispatcher;
    final XvisorModel model;
    RunResult result;

    private Rig(byte[] image, boolean xvisor, XvisorConfig config) {
        this(image, xvisor, config, null, HV_ABI_PSCI_VERSION, null);
    }

    private Rig(byte[] image, boolean xvisor, XvisorConfig config, dev.hvlab.core.machine.TimingModel timing) {
        this(image, xvisor, config, timing, HV_ABI_PSCI_VERSION, null);
    }

    /** {@code deviations}: the default config with these deviations (null: {@code config} as given). */
    private Rig(byte[] image, boolean xvisor, XvisorConfig config, dev.hvlab.core.machine.TimingModel timing, long hvAbi,
            List<String> deviations) {
        BoardConfig b = Providers.board("imx8qm");
        board = Board.build(b, timing == null ? BoardOptions.of(out)
                : new BoardOptions(0, out, false, out, timing, dev.hvlab.core.machine.Machine.DEFAULT_QUANTUM_PS));
        Boot.load(board, Boot.Spec.elf("guest", image, 2));
        if (xvisor) {
            // hv_abi (the image's first word, start.S) = 2: the null hypercall is PSCI_VERSION over
            // HVC #0, which Xvisor serves; other SMCCC calls get an undefined exception upstream.
            board.machine().memory().write(HV_ABI, new byte[] {(byte) hvAbi, 0, 0, 0, 0, 0, 0, 0}, 0, 8);
            El2Platform p = new El2Platform(board.machine(), b, board.gic(), board.firmware(), board.exceptions(), out, null);
            if (deviations != null) {
                XvisorConfig d = XvisorConfigs.singleGuest(p);
                config = new XvisorConfig(d.hypervisorMemory(), d.scheduler(), d.wfiTimeoutUs(), d.guests(), deviations);
            }
            model = new XvisorModel(config);
            dispatcher = El2Dispatcher.install(model, p);
        } else {
            dispatcher = null;
            model = null;
        }
    }

    static Rig nativeRun(byte[] image) {
        return new Rig(image, false, null);
    }

    static Rig xvisor(byte[] image, XvisorConfig config) {
        return new Rig(image, true, config);
    }

    /** The default config with {@code deviations}, the workload's null hypercall chosen by {@code hvAbi}. */
    static Rig xvisor(byte[] image, long hvAbi, List<String> deviations) {
        return new Rig(image, true, null, null, hvAbi, deviations);
    }

    static Rig xvisorApproximate(byte[] image) {
        return new Rig(image, true, null, new dev.hvlab.core.timing.ApproximateTiming());
    }

    /** A committed bare-metal workload image (benchmarks module, read from the source tree). */
    static byte[] workload(String name) throws IOException {
        Path p = Path.of("..", "benchmarks", "src", "main", "resources", "guest", "bare", name + ".elf");
        return Files.readAllBytes(p);
    }

    Rig run(long maxInstructions) {
        board.machine().setMaxInstructions(maxInstructions);
        result = board.machine().run();
        return this;
    }

    String output() {
        return out.toString(StandardCharsets.UTF_8);
    }
}
