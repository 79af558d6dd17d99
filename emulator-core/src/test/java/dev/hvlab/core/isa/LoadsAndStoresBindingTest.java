package dev.hvlab.core.isa;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.cpu.Undefined;
import dev.hvlab.core.decode.DecodeTable;
import dev.hvlab.core.decode.Encoder;
import dev.hvlab.core.decode.Pattern;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every ldst_* pattern of the encoding table has semantics, and its plain encoding decodes to them. */
class LoadsAndStoresBindingTest {
    @Test
    void everyLoadStorePatternIsBound() {
        Map<String, ?> bindings = A64.bindings();
        List<Pattern> ldst = DecodeTable.a64().patterns().stream()
                .filter(p -> p.encodingClass() != null && p.encodingClass().startsWith("ldst_")
                        && !p.encodingClass().equals("ldst_v") && !p.encodingClass().startsWith("ldst_simd")).toList();
        assertTrue(ldst.size() >= 25, "found only " + ldst.size() + " ldst patterns");
        Encoder enc = Encoder.a64();
        for (Pattern p : ldst) {
            assertTrue(bindings.containsKey(p.name()), p.name() + " is not bound");
            // Fields zero (sbo fields ones) is an allocated encoding for every ldst pattern except
            // the register offset form, whose option<1> must be 1.
            int word = p.name().equals("LDST_roff") ? enc.encode(p.name(), "option", 3) : enc.encode(p.name());
            assertFalse(A64.decoder().decode(word) instanceof Undefined, p.name() + " decodes to UNDEFINED");
        }
    }
}
