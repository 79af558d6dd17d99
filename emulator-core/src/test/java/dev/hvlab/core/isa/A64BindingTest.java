package dev.hvlab.core.isa;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.cpu.Undefined;
import dev.hvlab.core.decode.DecodeTable;
import dev.hvlab.core.decode.Decoder;
import dev.hvlab.core.decode.Pattern;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Every pattern of the table has semantics; unallocated encodings decode to UNDEFINED. */
class A64BindingTest {

    @Test
    void everyPatternHasSemanticsBound() {
        Decoder d = A64.decoder();
        List<String> unbound = DecodeTable.a64().patterns().stream()
                .map(Pattern::name).filter(n -> !d.isBound(n)).collect(Collectors.toList());
        assertTrue(unbound.isEmpty(), () -> "patterns without semantics: " + unbound);
    }

    /**
     * Encodings ARMv8.0-A leaves unallocated (ARM ARM C4.1, "A64 instruction set encoding"),
     * including later extensions' instructions that a Cortex-A72 does not implement.
     */
    @ParameterizedTest(name = "{1}")
    @CsvSource({
        "0x00000000, UDF #0 (reserved op0=0000)",
        "0x12400000, logical immediate with sf=0 and N=1",
        "0x32800000, move wide with opc=01",
        "0x0bc00000, add/sub shifted register with shift=11",
        "0x13000000 | 0x00400000, SBFM with sf=0 and N=1",
        "0x91800000, ADDG (v8.5 MTE: bit 23 of add/sub immediate)",
        "0xf8200020, LDADD (v8.1 LSE atomics)",
        "0xc8a07c41, CAS (v8.1 LSE)",
        "0xf8bfc020, LDAPR (v8.3 RCpc)",
        "0xd65f0bff, RETAA (v8.3 pointer authentication)",
        "0xd50330ff, SB (v8.5 speculation barrier)",
        "0x1ac00000, data-processing 2-source opcode 000000",
        "0x38e00800, LDRB register offset with option 000 (not an allowed extend)",
    })
    void unallocatedEncodingsAreUndefined(String word, String what) {
        int w = parse(word);
        assertInstanceOf(Undefined.class, A64.decoder().decode(w), what);
        assertFalse(A64.decoder().isAllocated(w), what);
    }

    /** Encodings of instructions that exist in A64 but whose execution is UNDEFINED on this ARMv8.0 core. */
    @ParameterizedTest(name = "{1}")
    @CsvSource({
        "0xd500419f, MSR PAN (v8.1 PAN PSTATE field)",
        "0xd53bff00, MRS of an unimplemented register (S3_3_C15_C15_0)",
        "0xd5280000, SYSL (none defined in ARMv8.0)",
    })
    void undefinedInstructionsOfThisCore(String word, String what) {
        int w = parse(word);
        assertInstanceOf(Undefined.class, A64.decoder().decode(w), what);
        assertTrue(A64.decoder().isAllocated(w), what);
    }

    @Test
    void allocatedControl() {
        // The same groups with allocated field values must not be UNDEFINED, or the test above proves nothing.
        int[] allocated = {
            0x92400000, // and x0, x0, #0x1 (sf=1, N=1)
            0x52800000, // movz w0, #0
            0x0b000000, // add w0, w0, w0
            0x93400000, // sbfm x0, x0, #0, #0
            0x91000000, // add x0, x0, #0
            0xf8606820, // ldr x0, [x1, x0]
            0xd65f03c0, // ret
            0xd5033fdf, // isb
            0xd50040bf, // msr spsel, #0
            0x9ac04c00, // crc32x w0, w0, x0
        };
        for (int w : allocated) {
            assertTrue(A64.decoder().isAllocated(w), String.format("0x%08x should be allocated", w));
        }
    }

    @Test
    void decodingNeverFailsOnRandomWords() {
        Random r = new Random(1);
        Decoder d = A64.decoder();
        for (int i = 0; i < 200_000; i++) {
            d.decode(r.nextInt()); // throws only on an emulator bug
        }
    }

    private static int parse(String expr) {
        int v = 0;
        for (String part : expr.split("\\|")) {
            v |= (int) Long.parseLong(part.trim().substring(2), 16);
        }
        return v;
    }
}
