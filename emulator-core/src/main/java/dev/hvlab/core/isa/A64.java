package dev.hvlab.core.isa;

import dev.hvlab.core.decode.DecodeTable;
import dev.hvlab.core.decode.Decoder;
import dev.hvlab.core.decode.OpFactory;
import dev.hvlab.core.decode.Pattern;
import dev.hvlab.core.cpu.Op;
import java.util.HashMap;
import java.util.Map;

/**
 * The A64 instruction set: the encoding table bound to the semantics of each ARM ARM encoding
 * group. The decoder built here is immutable and shared by every CPU.
 */
public final class A64 {
    private static volatile Decoder decoder;

    private A64() {
    }

    /** Every pattern's semantic factory, keyed by pattern name. */
    public static Map<String, OpFactory> bindings() {
        Bindings b = new Bindings(DecodeTable.a64());
        DataProcessingImmediate.bind(b);
        DataProcessingRegister.bind(b);
        LoadsAndStores.bind(b);
        BranchesExceptionsSystem.bind(b);
        FloatingPoint.bind(b);
        AdvancedSimd.bind(b);
        SimdLoadsAndStores.bind(b);
        Cryptography.bind(b);
        return withSpAlignmentChecks(b.map());
    }

    /**
     * Wraps every load/store pattern with a base register field (all but literal loads) so that an
     * instruction decoded with Rn = 31, SP, checks SP's alignment first.
     */
    private static Map<String, OpFactory> withSpAlignmentChecks(Map<String, OpFactory> bindings) {
        Map<String, OpFactory> out = new HashMap<>(bindings);
        for (Pattern p : DecodeTable.a64().patterns()) {
            OpFactory f = out.get(p.name());
            if (f == null || !p.encodingClass().startsWith("ldst") || !p.hasField("rn")) {
                continue;
            }
            out.put(p.name(), insn -> {
                Op op = f.create(insn);
                return op == null || op == Prefetch.INSTANCE || insn.f("rn") != 31 ? op : new SpAlignmentCheck(op);
            });
        }
        return out;
    }

    /**
     * The bitmask immediate of a logical instruction, {@code DecodeBitMasks(N, imms, immr, TRUE,
     * datasize)}'s wmask, or 0 for a reserved encoding (0 is never encodable). Shared by the
     * semantics and the disassembler.
     */
    public static long logicalImmediate(int n, int immr, int imms, int datasize) {
        long[] masks = Alu.decodeBitMasks(n, imms, immr, true, datasize);
        return masks == null ? 0 : masks[0];
    }

    public static Decoder decoder() {
        Decoder d = decoder;
        if (d == null) {
            synchronized (A64.class) {
                d = decoder;
                if (d == null) {
                    d = new Decoder(DecodeTable.a64(), bindings());
                    decoder = d;
                }
            }
        }
        return d;
    }
}
