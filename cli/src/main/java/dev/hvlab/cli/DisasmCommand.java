package dev.hvlab.cli;

import dev.hvlab.core.config.InputFiles;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code hvlab disasm FILE}: disassemble an AArch64 ELF with the decoder's own table. */
@Command(name = "disasm",
        description = "Disassemble the code of an AArch64 ELF file (not implemented yet: issue 3).")
final class DisasmCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The AArch64 ELF file.")
    Path file;

    @Override
    public Integer call() {
        InputFiles.requireReadable(file, "ELF file");
        throw new NotImplementedYet(3);
    }
}
