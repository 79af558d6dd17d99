package dev.hvlab.hv.xvisor;

import dev.hvlab.core.asm.Assembler;
import dev.hvlab.core.difftest.ElfWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Bare-metal guests for the Xvisor model's tests, assembled, and configs around them. */
final class Guests {
    static final long RAM = 0xC000_0000L;
    static final long RAM_SIZE = 0x100_0000L;
    static final long RESULTS = RAM + 0x8000;
    static final long GICD = 0x0800_0000L;
    static final long GICC = GICD + GicEmulator.GICC_OFFSET_V2;
    static final long PL011 = 0x0900_0000L;
    static final long PSCI_SYSTEM_OFF = 0x8400_0008L;

    private Guests() {
    }

    static Path write(Path dir, String name, Assembler a) throws IOException {
        byte[] elf = ElfWriter.write(a.base(), List.of(new ElfWriter.Segment(a.base(), a.bytes(), a.bytes().length,
                ElfWriter.PF_R | ElfWriter.PF_W | ElfWriter.PF_X)));
        Path p = dir.resolve(name + ".elf");
        Files.write(p, elf);
        return p;
    }

    static void systemOff(Assembler a) {
        a.mov(0, PSCI_SYSTEM_OFF);
        a.smc(0);
    }

    /** A guest with RAM at {@code ram} (identity), a GICv2 at 0x08000000 and a PL011 at 0x09000000 (SPI 33). */
    static XvisorConfig.Guest guest(String name, Path image, long ram, List<XvisorConfig.Vcpu> vcpus) {
        return new XvisorConfig.Guest(name, image.toString(), vcpus,
                List.of(new XvisorConfig.Region("ram", XvisorConfig.RAM, ram, ram, RAM_SIZE)),
                List.of(new XvisorConfig.Device("gic", XvisorConfig.GICV2, GICD, 0, 0),
                        new XvisorConfig.Device("uart", XvisorConfig.PL011, PL011, 33, 0)));
    }

    static XvisorConfig config(String scheduler, List<XvisorConfig.Guest> guests) {
        return new XvisorConfig(new XvisorConfig.Range(0xFDC0_0000L, 0x40_0000L), scheduler, 100_000, guests, List.of());
    }

    static XvisorConfig.Vcpu vcpu(int cpu, int priority, long sliceUs, long periodUs) {
        return new XvisorConfig.Vcpu(List.of(cpu), priority, sliceUs, periodUs);
    }
}
