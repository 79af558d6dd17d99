package dev.hvlab.cli;

import dev.hvlab.board.imx8qm.DeviceTree;
import dev.hvlab.core.config.BoardConfig;
import dev.hvlab.core.config.InputFiles;
import dev.hvlab.core.config.UserInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hvlab dtb}: write the device tree a board generates for its guests. */
@Command(name = "dtb", description = "Write the board's generated device tree blob.")
final class DtbCommand implements Callable<Integer> {
    @Mixin
    BoardOption board;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true, description = "Where to write the DTB.")
    Path output;

    @Override
    public Integer call() {
        BoardConfig b = board.resolve();
        InputFiles.requireWritable(output, "output file");
        byte[] dtb = DeviceTree.generate(b, b.cpuCount(), DeviceTree.Chosen.NONE).toDtb();
        try {
            Files.write(output, dtb);
        } catch (IOException e) {
            throw new UserInputException("output file '" + output + "': " + e.getMessage());
        }
        return ExitCodes.OK;
    }
}
