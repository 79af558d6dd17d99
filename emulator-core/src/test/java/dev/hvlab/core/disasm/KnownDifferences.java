package dev.hvlab.core.disasm;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Instructions objdump knows that hvlab deliberately prints as undefined, each with its reason:
 * later-architecture extensions that share encodings with table patterns of the ARMv8.0 cores
 * hvlab models (Cortex-A53/A72), whose semantic factories therefore reject them.
 */
final class KnownDifferences {
    private record Rule(Predicate<String> objdumpText, String reason) {
    }

    /** FCVT and FCVTL/FCVTN convert to and from half precision in ARMv8.0 already. */
    private static final Set<String> HALF_IN_V80 = Set.of("fcvt", "fcvtl", "fcvtl2", "fcvtn", "fcvtn2");
    private static final Pattern HALF_OPERAND = Pattern.compile("\\bh\\d+\\b|\\.[48]h\\b|\\.h\\[");

    private static final List<Rule> RULES = List.of(
            new Rule(mnemonic("stgp"),
                    "FEAT_MTE STGP shares STP's encoding (opc=01); hvlab implements no MTE, so it is UNDEFINED"),
            new Rule(KnownDifferences::halfPrecisionArithmetic,
                    "FEAT_FP16 (ARMv8.2) half-precision arithmetic uses ftype=11/size=00 of ARMv8.0 FP encodings"),
            new Rule(mnemonic("bfcvt"), "FEAT_BF16 (ARMv8.6) BFCVT is FCVT's unallocated opc=10"),
            new Rule(mnemonic("fjcvtzs"), "FEAT_JSCVT (ARMv8.3) FJCVTZS is FMOV (general)'s unallocated rmode=11"));

    private KnownDifferences() {
    }

    /** The reason when objdump's {@code expected} against hvlab's {@code actual} is a listed difference. */
    static String reason(String expected, String actual) {
        if (!actual.startsWith(".inst")) {
            return null;
        }
        for (Rule r : RULES) {
            if (r.objdumpText().test(expected)) {
                return r.reason();
            }
        }
        return null;
    }

    private static String mnemonicOf(String text) {
        int space = text.indexOf(' ');
        return space < 0 ? text : text.substring(0, space);
    }

    private static Predicate<String> mnemonic(String m) {
        return t -> mnemonicOf(t).equals(m);
    }

    private static boolean halfPrecisionArithmetic(String text) {
        String m = mnemonicOf(text);
        boolean fp = m.startsWith("f") || m.equals("scvtf") || m.equals("ucvtf");
        return fp && !HALF_IN_V80.contains(m) && HALF_OPERAND.matcher(text).find();
    }
}
