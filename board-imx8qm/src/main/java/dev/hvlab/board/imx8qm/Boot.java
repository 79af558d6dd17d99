package dev.hvlab.board.imx8qm;

import dev.hvlab.core.config.BoardConfig;
import dev.hvlab.core.config.UserInputException;
import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.fdt.Fdt;
import dev.hvlab.core.fdt.FdtNode;
import dev.hvlab.core.fdt.MalformedFdtException;
import dev.hvlab.core.firmware.NonSecureEntry;
import dev.hvlab.core.loader.Arm64Image;
import dev.hvlab.core.loader.ElfFile;
import dev.hvlab.core.loader.ElfFormatException;
import dev.hvlab.core.loader.ImageFormatException;
import dev.hvlab.core.mem.PhysicalMemory;
import dev.hvlab.core.sysreg.SystemRegisterFile;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads the guest into a board's RAM and prepares the boot CPU, as EL3 firmware and a boot loader
 * would (Linux Documentation/arch/arm64/booting.rst):
 * <ul>
 * <li>an arm64 {@code Image} (or gzip {@code vmlinuz}) at the first RAM region's 2 MiB-aligned base
 *     plus text_offset, entered at EL2 (or EL1 with {@code entryEl} 1) with X0 = the DTB, MMU off;</li>
 * <li>a bare-metal ELF: PT_LOAD segments at their physical addresses, entered at its entry point at
 *     {@code entryEl}, 3 by default (the image owns the machine, as on a reset vector); at EL2 or EL1
 *     it is entered like a kernel (NonSecureEntry, X0 = the DTB);</li>
 * <li>a raw binary at a given address, entered like an ELF.</li>
 * </ul>
 * The DTB (the board's generated one, or the user's, validated, with /chosen updated) goes to the
 * top 2 MiB-aligned slot of the first RAM region below the initrd, which goes to the top of it.
 * Only the boot CPU (CPU 0) runs; the others stay off until PSCI CPU_ON, which enters them at the
 * EL the boot CPU was given (SCR_EL3.HCE).
 */
public final class Boot {
    private static final long MIB2 = 2L << 20;
    private static final long PAGE = 4096;
    /** The arm64 boot protocol's limit on the DTB size. */
    private static final long MAX_DTB = MIB2;
    private static final long HCR_RW = 1L << 31;

    private Boot() {
    }

    /**
     * What to boot.
     *
     * @param kernelName how messages name the kernel file
     * @param kernel     its bytes: ELF, arm64 Image (maybe gzip), or raw when {@code rawAddress} is set
     * @param rawAddress where a raw binary goes (and starts), or null
     * @param initrd     an initramfs or null
     * @param dtb        the user's DTB or null for the board's generated one
     * @param dtbName    how messages name the DTB file
     * @param append     the kernel command line, or null
     * @param entryEl    the EL to start at, or null for the default (3 for ELF and raw, 2 for Image)
     */
    public record Spec(String kernelName, byte[] kernel, Long rawAddress, byte[] initrd, byte[] dtb, String dtbName,
            String append, Integer entryEl) {
        public static Spec elf(String name, byte[] bytes, int entryEl) {
            return new Spec(name, bytes, null, null, null, null, null, entryEl);
        }
    }

    /** Where things went. */
    public record Layout(String kind, long entry, int entryEl, long dtbAddress, long dtbSize, long initrdStart,
            long initrdEnd) {
    }

    private record Range(String what, long start, long end) {
    }

    /** Loads {@code spec} into {@code board} and starts its boot CPU; errors are one-line user errors. */
    public static Layout load(Board board, Spec spec) {
        BoardConfig config = board.config();
        PhysicalMemory memory = board.machine().memory();
        BoardConfig.Ram ram = config.ram().get(0);
        long ramEnd = ram.base() + ram.size();
        List<Range> used = new ArrayList<>();
        String kind;
        long entry;
        int el;
        if (spec.rawAddress() != null) {
            kind = "raw";
            entry = spec.rawAddress();
            el = spec.entryEl() == null ? 3 : spec.entryEl();
            place(memory, spec.kernelName(), entry, spec.kernel(), spec.kernel().length, used);
        } else if (isElf(spec.kernel())) {
            kind = "elf";
            ElfFile elf;
            try {
                elf = ElfFile.parse(spec.kernelName(), spec.kernel());
            } catch (ElfFormatException e) {
                throw new UserInputException(e.getMessage());
            }
            if (elf.type() != ElfFile.ET_EXEC) {
                throw new UserInputException(spec.kernelName() + ": not a static executable (ELF type " + elf.type() + ")");
            }
            for (ElfFile.Segment s : elf.segments()) {
                if (s.isLoad() && s.memSize() > 0) {
                    place(memory, spec.kernelName(), s.paddr(), elf.contents(s), s.memSize(), used);
                }
            }
            entry = elf.entry();
            el = spec.entryEl() == null ? 3 : spec.entryEl();
        } else {
            kind = "image";
            Arm64Image image;
            try {
                image = Arm64Image.parse(spec.kernelName(), spec.kernel());
            } catch (ImageFormatException e) {
                if (!Arm64Image.isGzip(spec.kernel()) && spec.kernel().length >= 64) {
                    throw new UserInputException(spec.kernelName() + ": neither an ELF file nor an arm64 Image");
                }
                throw new UserInputException(e.getMessage());
            }
            long base = alignUp(ram.base(), MIB2) + image.textOffset();
            if (base + image.imageSize() > ramEnd) {
                throw new UserInputException(String.format("%s: the kernel (%d MiB with its image_size) does not fit in "
                        + "RAM (%d MiB at 0x%x)", spec.kernelName(), mib(image.imageSize()), mib(ram.size()), ram.base()));
            }
            place(memory, spec.kernelName(), base, image.bytes(), image.imageSize(), used);
            entry = base;
            el = spec.entryEl() == null ? 2 : spec.entryEl();
            if (el == 3) {
                throw new UserInputException("--entry-el 3 is for bare-metal ELF images: a kernel starts at EL2 or EL1");
            }
        }
        if (el < 1 || el > 3) {
            throw new UserInputException("--entry-el must be 1, 2 or 3, not " + el);
        }
        long limit = ramEnd;
        long initrdStart = 0;
        long initrdEnd = 0;
        if (spec.initrd() != null) {
            initrdStart = alignDown(ramEnd - spec.initrd().length, PAGE);
            initrdEnd = initrdStart + spec.initrd().length;
            if (initrdStart < ram.base()) {
                throw new UserInputException("the initrd (" + mib(spec.initrd().length) + " MiB) does not fit in RAM");
            }
            place(memory, "the initrd", initrdStart, spec.initrd(), spec.initrd().length, used);
            limit = initrdStart;
        }
        DeviceTree.Chosen chosen = new DeviceTree.Chosen(spec.append() == null ? "" : spec.append(), initrdStart, initrdEnd);
        byte[] dtb = spec.dtb() == null
                ? DeviceTree.generate(config, board.cpuCount(), chosen).toDtb()
                : userDtb(spec, chosen);
        if (dtb.length > MAX_DTB) {
            throw new UserInputException(spec.dtbName() + ": the device tree is larger than 2 MiB");
        }
        long dtbAddress = alignDown(limit - MAX_DTB, MIB2);
        if (dtbAddress < ram.base()) {
            throw new UserInputException("the device tree does not fit in RAM");
        }
        place(memory, "the device tree", dtbAddress, dtb, dtb.length, used);

        for (Cpu cpu : board.machine().cpus()) {
            if (el == 1) {
                // No EL2 software: firmware enters EL1 directly, with EL1 in AArch64 (HCR_EL2.RW).
                cpu.sysregs.scrEl3 &= ~SystemRegisterFile.SCR_HCE;
                cpu.sysregs.hcrEl2 |= HCR_RW;
            }
        }
        Cpu boot = board.machine().cpu(0);
        if (el == 3) {
            boot.pc = entry;
            boot.x[0] = dtbAddress;
        } else {
            NonSecureEntry.prepare(boot, entry, dtbAddress);
        }
        board.cpuStatesChanged();
        board.machine().start(0);
        return new Layout(kind, entry, el, dtbAddress, dtb.length, initrdStart, initrdEnd);
    }

    private static byte[] userDtb(Spec spec, DeviceTree.Chosen chosen) {
        Fdt fdt;
        try {
            fdt = Fdt.parse(spec.dtb());
        } catch (MalformedFdtException e) {
            throw new UserInputException(spec.dtbName() + ": not a valid device tree blob: " + e.getMessage());
        }
        if (!chosen.bootargs().isEmpty() || chosen.initrdEnd() > chosen.initrdStart()) {
            FdtNode c = fdt.node("/chosen");
            if (c == null) {
                c = fdt.root().child("chosen");
            }
            if (!chosen.bootargs().isEmpty()) {
                c.strings("bootargs", chosen.bootargs());
            }
            if (chosen.initrdEnd() > chosen.initrdStart()) {
                c.cells64("linux,initrd-start", chosen.initrdStart());
                c.cells64("linux,initrd-end", chosen.initrdEnd());
            }
        }
        return fdt.toDtb();
    }

    /** Copies {@code data} to {@code pa} (the rest up to {@code memSize} is zero), checking RAM and overlaps. */
    private static void place(PhysicalMemory memory, String what, long pa, byte[] data, long memSize, List<Range> used) {
        long end = pa + memSize;
        if (memSize > 0 && (!memory.isRam(pa) || !memory.isRam(end - 1) || end < pa)) {
            throw new UserInputException(String.format("%s: 0x%x bytes at 0x%x do not fit in RAM", what, memSize, pa));
        }
        for (Range r : used) {
            if (pa < r.end() && r.start() < end) {
                throw new UserInputException(String.format("%s at 0x%x-0x%x overlaps %s at 0x%x-0x%x (RAM too small?)",
                        what, pa, end, r.what(), r.start(), r.end()));
            }
        }
        used.add(new Range(what, pa, end));
        memory.write(pa, data, 0, data.length);
        // RAM is zero when first touched, and a board is loaded once: the bss needs no clearing.
    }

    static boolean isElf(byte[] b) {
        return b.length >= 4 && b[0] == 0x7F && b[1] == 'E' && b[2] == 'L' && b[3] == 'F';
    }

    private static long alignUp(long v, long a) {
        return (v + a - 1) & -a;
    }

    private static long alignDown(long v, long a) {
        return v & -a;
    }

    private static long mib(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }
}
