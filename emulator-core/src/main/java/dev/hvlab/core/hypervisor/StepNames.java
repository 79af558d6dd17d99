package dev.hvlab.core.hypervisor;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Ledger step names built from a prefix and an operand ("MRS " + register, "save x0-x30"), made
 * once and then reused, so that a trap path that runs millions of times does not build its step
 * names again each time.
 */
final class StepNames {
    private final String prefix;
    private final ConcurrentHashMap<String, String> names = new ConcurrentHashMap<>();
    private final Function<String, String> make;

    StepNames(String prefix) {
        this.prefix = prefix;
        this.make = s -> this.prefix + s;
    }

    String of(String operand) {
        String n = names.get(operand);
        return n != null ? n : names.computeIfAbsent(operand, make);
    }

    /** Names for small integers ({@code prefix + i + suffix}), precomputed for 0..count-1. */
    static String[] numbered(String prefix, int count, String suffix) {
        String[] s = new String[count];
        for (int i = 0; i < count; i++) {
            s[i] = prefix + i + suffix;
        }
        return s;
    }
}
