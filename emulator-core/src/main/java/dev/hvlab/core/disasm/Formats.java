package dev.hvlab.core.disasm;

import dev.hvlab.core.decode.DecodeTable;
import dev.hvlab.core.decode.Insn;
import java.util.HashMap;
import java.util.Locale;
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

    /** A formatter shared by several patterns; it receives the mnemonic the pattern is named after. */
    @FunctionalInterface
    interface Family {
        String format(Insn insn, String mnemonic);
    }

    /** Registers {@code family} for each space-separated pattern name, with its mnemonic. */
    static void each(Formats f, String patterns, Family family) {
        for (String p : patterns.trim().split("\\s+")) {
            String m = mnemonic(p);
            f.put(p, (i, pc) -> family.format(i, m));
        }
    }

    /** The mnemonic a pattern is named after: "SQADD_vs" is sqadd, "LD1R_post" ld1r. */
    static String mnemonic(String pattern) {
        int u = pattern.indexOf('_');
        return (u < 0 ? pattern : pattern.substring(0, u)).toLowerCase(Locale.ROOT);
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
        FloatingPointFormats.register(f);
        AdvancedSimdFormats.register(f);
        AdvancedSimdElementFormats.register(f);
        AdvancedSimdImmediateFormats.register(f);
        SimdLoadsAndStoresFormats.register(f);
        CryptographyFormats.register(f);
        return f.map();
    }
}
