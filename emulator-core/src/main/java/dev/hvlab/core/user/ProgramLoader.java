package dev.hvlab.core.user;

import dev.hvlab.core.loader.ElfFile;
import dev.hvlab.core.loader.ElfFormatException;
import dev.hvlab.core.mem.Page;

/**
 * Maps a static AArch64 ELF executable into an {@link AddressSpace} as Linux's
 * {@code load_elf_binary} does: each PT_LOAD segment on whole pages with its p_flags as
 * protection, file bytes copied page-rounded (so the bytes around a segment in its first and last
 * page come from the file, as with a file mapping), the tail of the last file page zeroed when the
 * segment has a .bss, and the program break starting at the page-aligned end of the highest
 * segment. Static PIE (ET_DYN without PT_INTERP) is loaded at Linux's ELF_ET_DYN_BASE for a
 * 48-bit VA space, without randomisation.
 */
final class ProgramLoader {
    /** ELF_ET_DYN_BASE on arm64: 2/3 of the 48-bit user VA space, page-aligned. */
    static final long ET_DYN_BASE = ((2 * (1L << 48)) / 3) & ~(long) Page.MASK;

    /** What the stack builder and the brk syscall need to know about the loaded image. */
    record Loaded(long entry, long phdr, int phnum, long brk, long loadBias) {
    }

    private ProgramLoader() {
    }

    static Loaded load(ElfFile elf, AddressSpace as) throws ElfFormatException {
        if (elf.type() != ElfFile.ET_EXEC && elf.type() != ElfFile.ET_DYN) {
            throw new ElfFormatException(elf.name() + ": not an executable (e_type " + elf.type() + ")");
        }
        if (elf.hasInterpreter()) {
            throw new ElfFormatException(elf.name()
                    + ": dynamically linked (PT_INTERP); hvlab user runs static executables only");
        }
        long maxAlign = Page.SIZE;
        boolean any = false;
        for (ElfFile.Segment s : elf.segments()) {
            if (s.isLoad()) {
                any = true;
                if (Long.bitCount(s.align()) == 1 && s.align() > maxAlign) {
                    maxAlign = s.align();
                }
            }
        }
        if (!any) {
            throw new ElfFormatException(elf.name() + ": no loadable segment");
        }
        long bias = elf.type() == ElfFile.ET_DYN ? ET_DYN_BASE & -maxAlign : 0;
        long brk = 0;
        long phdr = 0;
        byte[] file = elf.bytes();
        for (ElfFile.Segment s : elf.segments()) {
            if (!s.isLoad() || s.memSize() == 0) {
                continue;
            }
            long va = s.vaddr() + bias;
            long end = va + s.memSize();
            if (Long.compareUnsigned(end, AddressSpace.VA_LIMIT) > 0 || Long.compareUnsigned(va, end) > 0) {
                throw new ElfFormatException(String.format("%s: segment at 0x%x+0x%x is outside the user address space",
                        elf.name(), s.vaddr(), s.memSize()));
            }
            if ((s.vaddr() & Page.MASK) != (s.offset() & Page.MASK)) {
                throw new ElfFormatException(String.format(
                        "%s: segment at 0x%x has a file offset 0x%x not congruent to its address modulo the page size",
                        elf.name(), s.vaddr(), s.offset()));
            }
            long start = va & ~(long) Page.MASK;
            long mapEnd = (end + Page.MASK) & ~(long) Page.MASK;
            as.map(start, mapEnd - start, prot(s.flags()));
            // Page-rounded file contents, like the file mapping Linux makes.
            long fileStart = s.offset() - (va - start);
            long fileEnd = Math.min(file.length, (s.offset() + s.fileSize() + Page.MASK) & ~(long) Page.MASK);
            if (s.memSize() > s.fileSize()) {
                fileEnd = s.offset() + s.fileSize(); // padzero(): the rest of the page is .bss
            }
            if (s.fileSize() > 0) {
                writeKernel(as, start, file, (int) fileStart, (int) (fileEnd - fileStart));
            }
            if (phdr == 0 && Long.compareUnsigned(elf.programHeaderOffset() - s.offset(), s.fileSize()) < 0) {
                phdr = elf.programHeaderOffset() - s.offset() + va;
            }
            brk = Math.max(brk, end);
        }
        brk = (brk + Page.MASK) & ~(long) Page.MASK;
        return new Loaded(elf.entry() + bias, phdr, elf.segments().size(), brk, bias);
    }

    /** Writes regardless of the page's protection, as the kernel does while loading. */
    private static void writeKernel(AddressSpace as, long va, byte[] src, int off, int len) {
        as.writeIgnoringProtection(va, src, off, len);
    }

    static int prot(int pflags) {
        return ((pflags & ElfFile.PF_R) != 0 ? AddressSpace.PROT_READ : 0)
                | ((pflags & ElfFile.PF_W) != 0 ? AddressSpace.PROT_WRITE : 0)
                | ((pflags & ElfFile.PF_X) != 0 ? AddressSpace.PROT_EXEC : 0);
    }
}
