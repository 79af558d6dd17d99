package dev.hvlab.core.disasm;

import dev.hvlab.core.decode.Insn;

/**
 * Prints one encoding of the table in objdump's syntax, with objdump's preferred alias.
 * Returns {@code null} for field combinations that are unallocated (objdump then prints the word
 * as undefined too).
 */
@FunctionalInterface
interface Formatter {
    String format(Insn insn, long pc);
}
