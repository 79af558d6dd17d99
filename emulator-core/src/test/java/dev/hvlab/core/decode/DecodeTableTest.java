package dev.hvlab.core.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The encoding table's own integrity: syntax, no accidental overlaps, ordered groups. */
class DecodeTableTest {

    @Test
    void parsesFieldsAndFixedBits() {
        DecodeTable t = DecodeTable.parse("ADD_i sf:1 0 0 100010 sh:1 imm12:12 rn:5 rd:5 class=dp_imm\n");
        Pattern p = t.pattern("ADD_i");
        assertEquals(0x7F800000, p.mask());
        assertEquals(0x11000000, p.value());
        assertEquals(new Field("imm12", 10, 12), p.field("imm12"));
        assertEquals("dp_imm", p.encodingClass());
        // add x1, x2, #0x10 is 0x91004041
        assertTrue(p.matches(0x91004041));
        assertEquals(0x10, new Insn(p, 0x91004041).f("imm12"));
    }

    @Test
    void rejectsPatternsThatDoNotCover32Bits() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DecodeTable.parse("X 0101 rd:5\n"));
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DecodeTable.parse("X 0 rd:32\n"));
        assertThrows(IllegalArgumentException.class, () -> DecodeTable.parse("X 0123 rd:28\n"));
    }

    @Test
    void rejectsDuplicateNamesAndBadGroups() {
        assertThrows(IllegalStateException.class,
                () -> DecodeTable.parse("A 1 x:31\nA 0 x:31\n"));
        assertThrows(IllegalArgumentException.class, () -> DecodeTable.parse("{\nA 1 x:31\n"));
        assertThrows(IllegalArgumentException.class, () -> DecodeTable.parse("}\n"));
    }

    @Test
    void overlapCheckFindsAnOverlapOutsideAGroup() {
        DecodeTable t = DecodeTable.parse("A 1 x:31\nB 1 0 y:30\n");
        assertFalse(overlaps(t).isEmpty());
        DecodeTable grouped = DecodeTable.parse("{\nB 1 0 y:30\nA 1 x:31\n}\n");
        assertTrue(overlaps(grouped).isEmpty());
    }

    @Test
    void noTwoPatternsOfTheA64TableOverlapOutsideAnOrderedGroup() {
        List<String> found = overlaps(DecodeTable.a64());
        assertTrue(found.isEmpty(), () -> "overlapping patterns:\n" + String.join("\n", found));
    }

    @Test
    void noPatternOfAnOrderedGroupIsShadowedByAnEarlierOne() {
        List<Pattern> ps = DecodeTable.a64().patterns();
        List<String> shadowed = new ArrayList<>();
        for (int i = 0; i < ps.size(); i++) {
            for (int j = 0; j < i; j++) {
                Pattern early = ps.get(j);
                Pattern late = ps.get(i);
                // early covers late entirely when every bit early fixes is fixed the same way by late.
                if (early.group() >= 0 && early.group() == late.group()
                        && (early.mask() & late.mask()) == early.mask()
                        && (late.value() & early.mask()) == early.value()) {
                    shadowed.add(late.name() + " is unreachable behind " + early.name());
                }
            }
        }
        assertTrue(shadowed.isEmpty(), () -> String.join("\n", shadowed));
    }

    /** Pairs of patterns, not in one ordered group, that both match some word. */
    static List<String> overlaps(DecodeTable t) {
        List<Pattern> ps = t.patterns();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < ps.size(); i++) {
            for (int j = i + 1; j < ps.size(); j++) {
                Pattern a = ps.get(i);
                Pattern b = ps.get(j);
                if (a.group() >= 0 && a.group() == b.group()) {
                    continue;
                }
                int common = a.mask() & b.mask();
                if (((a.value() ^ b.value()) & common) == 0) {
                    out.add(a.name() + " (line " + a.line() + ") overlaps " + b.name() + " (line " + b.line() + ")");
                }
            }
        }
        return out;
    }
}
