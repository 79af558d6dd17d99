package dev.hvlab.core.decode;

/**
 * An instruction word together with the pattern that matched it: what semantic factories and the
 * disassembler read fields from. Used at decode time only, never on the execution hot path.
 */
public record Insn(Pattern pattern, int bits) {
    /** The unsigned value of the named field. */
    public int f(String field) {
        return pattern.field(field).extract(bits);
    }

    /** The named field sign-extended from its width. */
    public long sf(String field) {
        Field fl = pattern.field(field);
        int v = fl.extract(bits);
        int shift = 32 - fl.len();
        return (long) ((v << shift) >> shift);
    }

    /** Bit {@code n} of the raw word. */
    public int bit(int n) {
        return (bits >>> n) & 1;
    }

    public String name() {
        return pattern.name();
    }
}
