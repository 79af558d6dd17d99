package dev.hvlab.core.decode;

import dev.hvlab.core.cpu.Op;

/**
 * Binds a pattern of the encoding table to its semantics: builds the executable {@link Op} for one
 * instruction word, with its fields pre-extracted. Returns {@code null} for field combinations the
 * ARM ARM lists as unallocated, which then decode as UNDEFINED.
 */
@FunctionalInterface
public interface OpFactory {
    Op create(Insn insn);
}
