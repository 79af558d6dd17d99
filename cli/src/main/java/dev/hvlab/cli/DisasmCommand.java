package dev.hvlab.cli;

import dev.hvlab.core.config.InputFiles;
import dev.hvlab.core.config.UserInputException;
import dev.hvlab.core.disasm.Disassembler;
import dev.hvlab.core.loader.ElfFile;
import dev.hvlab.core.loader.ElfFormatException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code hvlab disasm FILE}: disassemble an AArch64 ELF with the decoder's own table. */
@Command(name = "disasm",
        description = "Disassemble the executable sections of an AArch64 ELF file, in the text format of "
                + "aarch64-linux-gnu-objdump -d, from hvlab's own encoding table.")
final class DisasmCommand implements Callable<Integer> {
    /** ELF section flag: the section holds instructions. */
    private static final long SHF_EXECINSTR = 0x4;

    @Parameters(index = "0", paramLabel = "FILE", description = "The AArch64 ELF file.")
    Path file;

    @Override
    public Integer call() {
        InputFiles.requireReadable(file, "ELF file");
        ElfFile elf;
        try {
            elf = ElfFile.read(file);
        } catch (ElfFormatException e) {
            throw new UserInputException(e.getMessage());
        }
        PrintStream out = System.out;
        out.printf("%n%s:     file format elf64-littleaarch64%n", file);
        Disassembler dis = new Disassembler();
        Map<Long, String> labels = new TreeMap<>();
        for (ElfFile.Symbol s : elf.symbols()) {
            if (!s.name().isEmpty() && !s.name().startsWith("$") && (s.type() == ElfFile.STT_FUNC || s.type() == 0)) {
                labels.putIfAbsent(s.value(), s.name());
            }
        }
        for (ElfFile.Section sec : elf.sections()) {
            if ((sec.flags() & SHF_EXECINSTR) == 0 || sec.type() == ElfFile.SHT_NOBITS || sec.size() == 0) {
                continue;
            }
            out.printf("%n%nDisassembly of section %s:%n", sec.name());
            byte[] code = Arrays.copyOfRange(elf.bytes(), (int) sec.offset(), (int) (sec.offset() + sec.size()));
            List<String> lines = dis.disassemble(code, sec.addr());
            for (int i = 0; i < lines.size(); i++) {
                long addr = sec.addr() + 4L * i;
                String label = labels.get(addr);
                if (label != null) {
                    out.printf("%n%016x <%s>:%n", addr, label);
                }
                out.println(lines.get(i));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
