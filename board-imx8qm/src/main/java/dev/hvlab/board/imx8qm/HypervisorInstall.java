package dev.hvlab.board.imx8qm;

import dev.hvlab.core.config.UserInputException;
import dev.hvlab.core.hypervisor.El2Dispatcher;
import dev.hvlab.core.hypervisor.El2Platform;
import dev.hvlab.core.hypervisor.HypervisorModel;
import dev.hvlab.core.spi.HypervisorProvider;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Puts a hypervisor model at EL2 of a built board whose image is loaded (entered at EL2): the model
 * takes the boot CPU over and starts its first partition at EL1. Shared by {@code hvlab boot} and
 * the workload runner.
 */
public final class HypervisorInstall {
    private HypervisorInstall() {
    }

    /**
     * Installs {@code provider}'s model configured by {@code settings} (null: the model's default);
     * its debug console writes to {@code console}; files its config names are resolved against
     * {@code configDirectory} (null: none).
     */
    public static El2Dispatcher install(Board board, HypervisorProvider provider, Record settings, OutputStream console,
            Path configDirectory) {
        HypervisorModel model = provider.create(settings);
        if (model == null) {
            throw new UserInputException("hypervisor " + provider.name() + ": the model is not available yet");
        }
        El2Platform platform = new El2Platform(board.machine(), board.config(), board.gic(), board.firmware(),
                board.exceptions(), console, configDirectory);
        return El2Dispatcher.install(model, platform);
    }
}
