package dev.hvlab.core.isa;

import dev.hvlab.core.decode.DecodeTable;
import dev.hvlab.core.decode.OpFactory;
import java.util.HashMap;
import java.util.Map;

/** Collects the semantic factory of each pattern; refuses names the table does not have and double bindings. */
public final class Bindings {
    private final DecodeTable table;
    private final Map<String, OpFactory> map = new HashMap<>();

    Bindings(DecodeTable table) {
        this.table = table;
    }

    public void bind(String pattern, OpFactory factory) {
        table.pattern(pattern); // throws for a name the table lacks
        if (map.put(pattern, factory) != null) {
            throw new IllegalStateException("pattern " + pattern + " bound twice");
        }
    }

    Map<String, OpFactory> map() {
        return map;
    }
}
