package dev.hvlab.core.decode;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One line of the encoding table: an instruction encoding as fixed bits ({@code mask}/{@code value})
 * plus the named fields that the semantics, the disassembler and the generator read.
 *
 * @param name       the ARM ARM-style pattern name, e.g. {@code ADD_i}
 * @param mask       the bits this pattern fixes
 * @param value      their values
 * @param fields     the named fields, in table order (most significant first)
 * @param group      the ordered group this pattern belongs to, or -1 when it stands alone
 * @param attributes the line's {@code key=value} attributes (class, gen, sbo)
 * @param line       the line number in the table, for error messages
 */
public record Pattern(String name, int mask, int value, List<Field> fields, int group,
                      Map<String, String> attributes, int line) {

    public boolean matches(int insn) {
        return (insn & mask) == value;
    }

    public Field field(String fieldName) {
        for (Field f : fields) {
            if (f.name().equals(fieldName)) {
                return f;
            }
        }
        throw new IllegalArgumentException(name + " has no field " + fieldName);
    }

    public boolean hasField(String fieldName) {
        for (Field f : fields) {
            if (f.name().equals(fieldName)) {
                return true;
            }
        }
        return false;
    }

    /** The ARM ARM encoding group named by the {@code class=} attribute. */
    public String encodingClass() {
        return attributes.getOrDefault("class", "unclassified");
    }

    /** False when the line says {@code gen=no}: the random generator must not draw it. */
    public boolean generated() {
        return !"no".equals(attributes.get("gen"));
    }

    /** Fields that should be all ones ({@code sbo=a,b}). */
    public Set<String> shouldBeOne() {
        String s = attributes.get("sbo");
        return s == null ? Set.of() : Set.of(s.split(","));
    }
}
