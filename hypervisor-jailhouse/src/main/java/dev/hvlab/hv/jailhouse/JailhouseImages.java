package dev.hvlab.hv.jailhouse;

import dev.hvlab.core.config.UserInputException;
import dev.hvlab.core.hypervisor.El2Dispatcher;
import dev.hvlab.core.loader.ElfFile;
import dev.hvlab.core.loader.ElfFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code jailhouse cell load} + {@code cell start} for the non-root cells of the config: the cell's
 * ELF image is copied into its memory (segment addresses are guest-physical, translated through the
 * cell's regions), the cell's first CPU is reset to the entry point at EL1, the others wait for PSCI
 * CPU_ON.
 */
final class JailhouseImages {
    private JailhouseImages() {
    }

    static void loadAndStart(JailhouseModel model, JailhouseCell cell) {
        Path file = model.platform().resolve(cell.config.image());
        ElfFile elf;
        try {
            elf = ElfFile.parse(file.toString(), Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UserInputException("jailhouse: cell '" + cell.name() + "' image '" + file + "': " + e.getMessage());
        } catch (ElfFormatException e) {
            throw new UserInputException("jailhouse: cell '" + cell.name() + "': " + e.getMessage());
        }
        for (ElfFile.Segment s : elf.segments()) {
            if (!s.isLoad() || s.memSize() == 0) {
                continue;
            }
            long pa = physical(cell, s.paddr(), s.memSize());
            byte[] bytes = new byte[(int) s.memSize()];
            byte[] contents = elf.contents(s);
            System.arraycopy(contents, 0, bytes, 0, contents.length);
            model.platform().machine().memory().write(pa, bytes, 0, bytes.length);
        }
        int first = cell.firstCpu();
        El2Dispatcher.enterEl1(model.platform().machine().cpu(first), elf.entry(), 0);
        model.platform().machine().start(first);
    }

    private static long physical(JailhouseCell cell, long ipa, long size) {
        for (JailhouseConfig.MemoryRegion r : cell.config.memoryRegions()) {
            if (!r.has(JailhouseConfig.IO) && r.containsIpa(ipa) && r.containsIpa(ipa + size - 1)) {
                return r.physStart() + (ipa - r.virtStart());
            }
        }
        throw new UserInputException(String.format("jailhouse: cell '%s' image segment at 0x%x (0x%x bytes) is not in "
                + "its memory", cell.name(), ipa, size));
    }
}
