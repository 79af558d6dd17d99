package dev.hvlab.core.loader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An ELF64 little-endian AArch64 file (System V gABI, "ELF for the Arm 64-bit Architecture"):
 * the header, the program headers (what loaders map), the section headers and the symbol table
 * (what the disassembler and the GDB stub name addresses with).
 *
 * <p>Everything is validated when the file is parsed, so the accessors never fail: an offset or a
 * size that points outside the file is reported as an {@link ElfFormatException} with a one-line
 * message, never as an index error.
 */
public final class ElfFile {
    public static final int ET_EXEC = 2;
    public static final int ET_DYN = 3;
    public static final int EM_AARCH64 = 183;
    public static final int PT_LOAD = 1;
    public static final int PT_INTERP = 3;
    public static final int PF_X = 1;
    public static final int PF_W = 2;
    public static final int PF_R = 4;
    public static final int SHT_SYMTAB = 2;
    public static final int SHT_NOBITS = 8;
    public static final int STT_FUNC = 2;

    private static final int EHDR_SIZE = 64;
    private static final int PHDR_SIZE = 56;
    private static final int SHDR_SIZE = 64;
    private static final int SYM_SIZE = 24;

    /** One program header (Elf64_Phdr). */
    public record Segment(int type, int flags, long offset, long vaddr, long paddr, long fileSize,
                          long memSize, long align) {
        public boolean isLoad() {
            return type == PT_LOAD;
        }
    }

    /** One section header (Elf64_Shdr), with its name resolved. */
    public record Section(String name, int type, long flags, long addr, long offset, long size,
                          int link, int info, long entrySize) {
    }

    /** One symbol of .symtab (Elf64_Sym), with its name resolved. */
    public record Symbol(String name, long value, long size, int type, int bind, int sectionIndex) {
    }

    private final String name;
    private final byte[] data;
    private final int type;
    private final long entry;
    private final long phoff;
    private final List<Segment> segments;
    private final List<Section> sections;
    private final List<Symbol> symbols;

    private ElfFile(String name, byte[] data) throws ElfFormatException {
        this.name = name;
        this.data = data;
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        if (data.length < 4 || data[0] != 0x7F || data[1] != 'E' || data[2] != 'L' || data[3] != 'F') {
            throw fail("not an ELF file");
        }
        if (data.length < EHDR_SIZE) {
            throw fail("truncated ELF header");
        }
        if (data[4] != 2) {
            throw fail(data[4] == 1 ? "32-bit ELF, not ELF64" : "invalid ELF class " + data[4]);
        }
        if (data[5] != 1) {
            throw fail(data[5] == 2 ? "big-endian ELF, not little-endian" : "invalid ELF data encoding " + data[5]);
        }
        if (data[6] != 1) {
            throw fail("unsupported ELF version " + data[6]);
        }
        type = Short.toUnsignedInt(b.getShort(16));
        int machine = Short.toUnsignedInt(b.getShort(18));
        if (machine != EM_AARCH64) {
            throw fail("ELF for machine " + machine + ", not AArch64");
        }
        entry = b.getLong(24);
        phoff = b.getLong(32);
        long shoff = b.getLong(40);
        int phentsize = Short.toUnsignedInt(b.getShort(54));
        int phnum = Short.toUnsignedInt(b.getShort(56));
        int shentsize = Short.toUnsignedInt(b.getShort(58));
        int shnum = Short.toUnsignedInt(b.getShort(60));
        int shstrndx = Short.toUnsignedInt(b.getShort(62));

        if (phnum > 0 && phentsize != PHDR_SIZE) {
            throw fail("program header entry size " + phentsize + ", expected " + PHDR_SIZE);
        }
        if (phnum > 0 && !fits(phoff, (long) phnum * PHDR_SIZE)) {
            throw fail("truncated program header");
        }
        List<Segment> segs = new ArrayList<>(phnum);
        for (int i = 0; i < phnum; i++) {
            int o = (int) phoff + i * PHDR_SIZE;
            Segment s = new Segment(b.getInt(o), b.getInt(o + 4), b.getLong(o + 8), b.getLong(o + 16),
                    b.getLong(o + 24), b.getLong(o + 32), b.getLong(o + 40), b.getLong(o + 48));
            if (s.isLoad()) {
                if (s.fileSize() != 0 && !fits(s.offset(), s.fileSize())) {
                    throw fail("segment " + i + " extends past the end of the file");
                }
                if (Long.compareUnsigned(s.fileSize(), s.memSize()) > 0) {
                    throw fail("segment " + i + " has a file size larger than its memory size");
                }
                if (s.vaddr() + s.memSize() < s.vaddr() && s.vaddr() + s.memSize() != 0) {
                    throw fail("segment " + i + " wraps around the address space");
                }
            }
            segs.add(s);
        }
        segments = Collections.unmodifiableList(segs);

        List<Section> secs = new ArrayList<>();
        if (shoff != 0 && shnum > 0) {
            if (shentsize != SHDR_SIZE) {
                throw fail("section header entry size " + shentsize + ", expected " + SHDR_SIZE);
            }
            if (!fits(shoff, (long) shnum * SHDR_SIZE)) {
                throw fail("truncated section header");
            }
            if (shstrndx >= shnum) {
                throw fail("section name table index " + shstrndx + " out of range");
            }
            int so = (int) shoff + shstrndx * SHDR_SIZE;
            long strOff = b.getLong(so + 24);
            long strSize = b.getLong(so + 32);
            if (!fits(strOff, strSize)) {
                throw fail("section name table extends past the end of the file");
            }
            for (int i = 0; i < shnum; i++) {
                int o = (int) shoff + i * SHDR_SIZE;
                int shType = b.getInt(o + 4);
                long off = b.getLong(o + 24);
                long size = b.getLong(o + 32);
                if (shType != SHT_NOBITS && shType != 0 && !fits(off, size)) {
                    throw fail("section " + i + " extends past the end of the file");
                }
                String n = string(strOff, strSize, Integer.toUnsignedLong(b.getInt(o)), "section name");
                secs.add(new Section(n, shType, b.getLong(o + 8), b.getLong(o + 16), off, size,
                        b.getInt(o + 40), b.getInt(o + 44), b.getLong(o + 56)));
            }
        }
        sections = Collections.unmodifiableList(secs);
        symbols = Collections.unmodifiableList(readSymbols(b));
    }

    private List<Symbol> readSymbols(ByteBuffer b) throws ElfFormatException {
        List<Symbol> syms = new ArrayList<>();
        for (Section s : sections) {
            if (s.type() != SHT_SYMTAB) {
                continue;
            }
            if (s.link() < 0 || s.link() >= sections.size()) {
                throw fail("symbol table string table index " + s.link() + " out of range");
            }
            Section str = sections.get(s.link());
            if (str.type() == SHT_NOBITS || !fits(str.offset(), str.size())) {
                throw fail("symbol string table extends past the end of the file");
            }
            long count = s.size() / SYM_SIZE;
            for (long i = 0; i < count; i++) {
                int o = (int) (s.offset() + i * SYM_SIZE);
                int info = data[o + 4] & 0xFF;
                String n = string(str.offset(), str.size(), Integer.toUnsignedLong(b.getInt(o)), "symbol name");
                syms.add(new Symbol(n, b.getLong(o + 8), b.getLong(o + 16), info & 0xF, info >>> 4,
                        Short.toUnsignedInt(b.getShort(o + 6))));
            }
        }
        return syms;
    }

    /** Parses {@code bytes}; {@code name} is how messages call the file. */
    public static ElfFile parse(String name, byte[] bytes) throws ElfFormatException {
        return new ElfFile(name, bytes);
    }

    /** Reads and parses {@code file}; an unreadable file is reported like a malformed one. */
    public static ElfFile read(Path file) throws ElfFormatException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ElfFormatException(file + ": cannot read: " + e.getMessage());
        }
        return parse(file.toString(), bytes);
    }

    private boolean fits(long offset, long size) {
        return offset >= 0 && size >= 0 && offset <= data.length && size <= data.length - offset;
    }

    private String string(long tableOff, long tableSize, long index, String what) throws ElfFormatException {
        if (index >= tableSize) {
            throw fail(what + " offset " + index + " outside its string table");
        }
        int start = (int) (tableOff + index);
        int end = start;
        int limit = (int) (tableOff + tableSize);
        while (end < limit && data[end] != 0) {
            end++;
        }
        if (end == limit) {
            throw fail(what + " at offset " + index + " is not terminated");
        }
        return new String(data, start, end - start, StandardCharsets.ISO_8859_1);
    }

    private ElfFormatException fail(String message) {
        return new ElfFormatException(name + ": " + message);
    }

    public String name() {
        return name;
    }

    /** e_type: {@link #ET_EXEC} or {@link #ET_DYN} for loadable images. */
    public int type() {
        return type;
    }

    public long entry() {
        return entry;
    }

    /** e_phoff: where the program headers are in the file (a loader maps them for AT_PHDR). */
    public long programHeaderOffset() {
        return phoff;
    }

    public int programHeaderEntrySize() {
        return PHDR_SIZE;
    }

    public List<Segment> segments() {
        return segments;
    }

    public List<Section> sections() {
        return sections;
    }

    public List<Symbol> symbols() {
        return symbols;
    }

    /** True when the image asks for a dynamic linker (PT_INTERP). */
    public boolean hasInterpreter() {
        return segments.stream().anyMatch(s -> s.type() == PT_INTERP);
    }

    /** The whole file (not a copy: loaders only read it). */
    public byte[] bytes() {
        return data;
    }

    /** The bytes of segment {@code s} present in the file (its first {@code fileSize} bytes). */
    public byte[] contents(Segment s) {
        byte[] out = new byte[(int) s.fileSize()];
        if (out.length == 0) {
            return out; // a .bss-only segment: linkers give it an offset that may lie past the file's end
        }
        System.arraycopy(data, (int) s.offset(), out, 0, out.length);
        return out;
    }

    /**
     * The symbol whose [value, value+size) holds {@code address}, or null. AArch64 mapping symbols
     * ({@code $x}, {@code $d}: AAELF64 section 5.7) mark code and data, not names, and are skipped.
     */
    public Symbol symbolAt(long address) {
        for (Symbol s : symbols) {
            if (s.name().isEmpty() || s.name().startsWith("$") || s.sectionIndex() == 0) {
                continue;
            }
            if (address == s.value() || Long.compareUnsigned(address - s.value(), s.size()) < 0) {
                return s;
            }
        }
        return null;
    }
}
