package dev.hvlab.core.disasm;

import java.util.Map;

/**
 * Instructions objdump knows that hvlab deliberately prints as undefined, each with its reason.
 * They share encodings with table patterns whose semantics reject them.
 */
final class KnownDifferences {
    private static final Map<String, String> REASONS = Map.of(
            "stgp", "FEAT_MTE STGP shares STP's encoding (opc=01); hvlab implements no MTE, so it is UNDEFINED");

    private KnownDifferences() {
    }

    /** The reason when objdump's {@code expected} against hvlab's {@code actual} is a listed difference. */
    static String reason(String expected, String actual) {
        if (!actual.startsWith(".inst")) {
            return null;
        }
        int tab = expected.indexOf(' ');
        return REASONS.get(tab < 0 ? expected : expected.substring(0, tab));
    }
}
