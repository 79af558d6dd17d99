package dev.hvlab.cli;

import dev.hvlab.core.config.InputFiles;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hvlab dtb}: write the device tree a board generates for its guests. */
@Command(name = "dtb",
        description = "Write the board's generated device tree blob (not implemented yet: issue 7).")
final class DtbCommand implements Callable<Integer> {
    @Mixin
    BoardOption board;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true, description = "Where to write the DTB.")
    Path output;

    @Override
    public Integer call() {
        board.resolve();
        InputFiles.requireWritable(output, "output file");
        throw new NotImplementedYet(7);
    }
}
