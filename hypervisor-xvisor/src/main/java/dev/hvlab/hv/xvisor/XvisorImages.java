package dev.hvlab.hv.xvisor;

import dev.hvlab.core.config.UserInputException;
import dev.hvlab.core.hypervisor.El2Platform;
import dev.hvlab.core.loader.ElfFile;
import dev.hvlab.core.loader.ElfFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A guest's bare-metal ELF loaded into its RAM regions (guest physical to host physical), as Xvisor's loadcmd. */
final class XvisorImages {
    private XvisorImages() {
    }

    /** Returns {entry, x0}. */
    static long[] load(XvisorModel model, El2Platform p, GuestVm g, XvisorConfig.Guest gc) {
        Path file = p.resolve(gc.image());
        ElfFile elf;
        try {
            elf = ElfFile.parse(file.toString(), Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UserInputException("xvisor: guest '" + g.name + "' image '" + file + "': " + e.getMessage());
        } catch (ElfFormatException e) {
            throw new UserInputException("xvisor: guest '" + g.name + "': " + e.getMessage());
        }
        for (ElfFile.Segment s : elf.segments()) {
            if (!s.isLoad() || s.memSize() == 0) {
                continue;
            }
            Devemu.Region r = g.aspace.find(s.paddr());
            if (r == null || !r.ram() || !r.contains(s.paddr() + s.memSize() - 1)) {
                throw new UserInputException(String.format("xvisor: guest '%s' image segment at 0x%x is not in its RAM",
                        g.name, s.paddr()));
            }
            byte[] bytes = new byte[(int) s.memSize()];
            byte[] contents = elf.contents(s);
            System.arraycopy(contents, 0, bytes, 0, contents.length);
            p.machine().memory().write(r.hostPhys() + (s.paddr() - r.guestPhys()), bytes, 0, bytes.length);
        }
        return new long[] {elf.entry(), 0};
    }
}
