package dev.hvlab.core.isa;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.decode.DecodeTable;
import dev.hvlab.core.decode.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BindingsCoverageTest {
    @Test
    void everyBranchExceptionAndSystemPatternIsBound() {
        Map<String, ?> bound = A64.bindings();
        List<String> missing = new ArrayList<>();
        int seen = 0;
        for (Pattern p : DecodeTable.a64().patterns()) {
            String cls = p.encodingClass();
            if (cls.equals("branch") || cls.equals("exception") || cls.equals("system")) {
                seen++;
                if (!bound.containsKey(p.name())) {
                    missing.add(p.name());
                }
            }
        }
        assertTrue(seen >= 30, "the table lost its branch/exception/system patterns: " + seen);
        assertTrue(missing.isEmpty(), "unbound: " + missing);
    }
}
