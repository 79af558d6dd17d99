package dev.hvlab.cli;

import dev.hvlab.core.config.BoardConfig;
import dev.hvlab.core.config.ConfigReader;
import dev.hvlab.core.spi.Providers;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --board NAME|FILE}: a board discovered on the class path, or a board config file. */
final class BoardOption {
    @Option(names = "--board", paramLabel = "NAME|FILE", defaultValue = "imx8qm",
            description = "A board listed by 'hvlab info', or a board config file (.json). Default: ${DEFAULT-VALUE}.")
    String board;

    /** The chosen board's config; an unknown name or an invalid file is a user error. */
    BoardConfig resolve() {
        if (board.endsWith(".json") || board.contains("/")) {
            return ConfigReader.read(Path.of(board), "board config", BoardConfig.class);
        }
        return Providers.board(board);
    }
}
