package dev.hvlab.core.difftest;

import dev.hvlab.core.decode.Decoder;
import dev.hvlab.core.decode.Field;
import dev.hvlab.core.decode.Pattern;
import dev.hvlab.core.isa.A64;
import java.lang.reflect.Method;

/**
 * Describes an instruction word for mismatch reports: its disassembly when the core's
 * {@code dev.hvlab.core.disasm.Disassembler} is present (looked up reflectively, so this tester
 * does not depend on its progress), and always the pattern name with its fields.
 */
final class InsnText {
    private static final Object DISASSEMBLER;
    private static final Method DISASSEMBLE;

    static {
        Object d = null;
        Method m = null;
        try {
            Class<?> c = Class.forName("dev.hvlab.core.disasm.Disassembler");
            d = c.getConstructor().newInstance();
            m = c.getMethod("disassemble", int.class, long.class);
        } catch (ReflectiveOperationException | LinkageError e) {
            d = null;
            m = null;
        }
        DISASSEMBLER = d;
        DISASSEMBLE = m;
    }

    private InsnText() {
    }

    static String describe(int word, long pc) {
        Decoder dec = A64.decoder();
        Pattern p = dec.match(word);
        StringBuilder sb = new StringBuilder(String.format("%08x", word));
        if (DISASSEMBLE != null) {
            try {
                sb.append("  ").append(DISASSEMBLE.invoke(DISASSEMBLER, word, pc));
            } catch (ReflectiveOperationException | RuntimeException e) {
                sb.append("  (disassembler failed: ").append(e).append(')');
            }
        }
        if (p == null) {
            return sb.append("  <unallocated>").toString();
        }
        sb.append("  [").append(p.name());
        for (Field f : p.fields()) {
            sb.append(' ').append(f.name()).append('=').append(f.extract(word));
        }
        sb.append(']');
        if (!dec.isAllocated(word)) {
            sb.append(" (hvlab: UNDEFINED)");
        }
        return sb.toString();
    }
}
