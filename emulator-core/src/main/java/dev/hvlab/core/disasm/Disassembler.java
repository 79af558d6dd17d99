package dev.hvlab.core.disasm;

import dev.hvlab.core.decode.Decoder;
import dev.hvlab.core.decode.Insn;
import dev.hvlab.core.decode.Pattern;
import dev.hvlab.core.isa.A64;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The A64 disassembler, built on the encoding table: the decoder finds the pattern, a small
 * formatter per pattern prints it in the syntax of GNU objdump (binutils 2.40), including
 * objdump's preferred aliases (mov, cmp, lsl, cset, ...).
 *
 * <p>PC-relative targets are printed as objdump prints them when it has no symbol ("0x400120");
 * the caller may append a {@code <symbol>}. A word is printed as undefined (".inst\t0x... ;
 * undefined") when no pattern matches, when the pattern's semantic factory rejects the fields,
 * or when the formatter knows the combination to be unallocated (so that the text does not depend
 * on which semantics are already written).
 */
public final class Disassembler {
    private final Decoder decoder;
    private final Map<String, Formatter> formats;

    public Disassembler() {
        this(A64.decoder());
    }

    public Disassembler(Decoder decoder) {
        this.decoder = decoder;
        this.formats = Formats.a64(decoder.table());
    }

    /** objdump's instruction text for {@code word} at address {@code pc}, e.g. "add\tx0, x1, #0x4". */
    public String disassemble(int word, long pc) {
        Pattern p = decoder.match(word);
        if (p == null || (decoder.isBound(p.name()) && !decoder.isAllocated(word))) {
            return undefined(word);
        }
        Formatter f = formats.get(p.name());
        String text = f == null ? null : f.format(new Insn(p, word), pc);
        return text == null ? undefined(word) : text;
    }

    /**
     * Disassembles a little-endian code range starting at {@code address}, one objdump -d style line
     * per word: "  400120:\td503201f \tnop". A trailing partial word is ignored.
     */
    public List<String> disassemble(byte[] code, long address) {
        int n = code.length / 4;
        List<String> out = new ArrayList<>(n);
        long end = address + (long) n * 4;
        // objdump drops the leading zero digits of the range's end address, less one, in
        // groups of four, and pads every address to what is left.
        int zeros = Long.numberOfLeadingZeros(end) / 4;
        int width = 16 - (zeros == 0 ? 0 : (zeros - 1) & ~3);
        for (int i = 0; i < n; i++) {
            int o = i * 4;
            int word = (code[o] & 0xff) | (code[o + 1] & 0xff) << 8 | (code[o + 2] & 0xff) << 16
                    | (code[o + 3] & 0xff) << 24;
            long pc = address + o;
            String addr = Long.toHexString(pc);
            out.add(" ".repeat(Math.max(0, width - addr.length())) + addr + ":\t"
                    + String.format("%08x", word) + " \t" + disassemble(word, pc));
        }
        return out;
    }

    /** What objdump prints for a word it cannot decode. */
    static String undefined(int word) {
        return String.format(".inst\t0x%08x ; undefined", word);
    }
}
