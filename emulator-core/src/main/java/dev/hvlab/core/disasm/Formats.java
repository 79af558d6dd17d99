package dev.hvlab.core.disasm;

import dev.hvlab.core.decode.DecodeTable;
import java.util.HashMap;
import java.util.Map;

/** Collects each pattern's formatter; refuses names the table lacks and double registrations. */
final class Formats {
    private final DecodeTable table;
    private final Map<String, Formatter> map = new HashMap<>();

    Formats(DecodeTable table) {
        this.table = table;
    }

    void put(String pattern, Formatter f) {
        table.pattern(pattern);
        if (map.put(pattern, f) != null) {
            throw new IllegalStateException("formatter for " + pattern + " registered twice");
        }
    }

    Map<String, Formatter> map() {
        return Map.copyOf(map);
    }

    /** Every formatter, one group class per ARM ARM encoding group. */
    static Map<String, Formatter> a64(DecodeTable table) {
        Formats f = new Formats(table);
        DataProcessingImmediateFormats.register(f);
        DataProcessingRegisterFormats.register(f);
        LoadsAndStoresFormats.register(f);
        BranchesExceptionsSystemFormats.register(f);
        return f.map();
    }
}
