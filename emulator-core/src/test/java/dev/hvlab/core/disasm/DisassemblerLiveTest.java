package dev.hvlab.core.disasm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.decode.DecodeTable;
import dev.hvlab.core.decode.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Random words of every pattern, disassembled by hvlab and by objdump (when installed). */
class DisassemblerLiveTest {
    private static final int PER_PATTERN = Integer.getInteger("hvlab.disasm.perPattern", 300);
    private static final long BASE = 0x400000L;

    @Test
    void randomWordsOfEveryPatternMatchObjdump() {
        Assumptions.assumeTrue(Objdump.available(), Objdump.TOOL + " not installed");
        long seed = Long.getLong("hvlab.disasm.seed", System.nanoTime());
        System.out.println("DisassemblerLiveTest seed " + seed + " (replay with -Dhvlab.disasm.seed=" + seed + ")");
        Random rnd = new Random(seed);
        List<Pattern> patterns = DecodeTable.a64().patterns();
        int[] words = new int[patterns.size() * PER_PATTERN];
        for (int p = 0; p < patterns.size(); p++) {
            for (int k = 0; k < PER_PATTERN; k++) {
                words[p * PER_PATTERN + k] = RandomWords.of(patterns.get(p), rnd);
            }
        }
        List<String> diffs = compare(words);
        assertTrue(diffs.isEmpty(), diffs.size() + " of " + words.length + " differ (seed " + seed + ")");
    }

    /**
     * The whole system instruction space with small fields, exhaustively: MSR (immediate), SYS
     * with and without Xt, SYSL, and MRS/MSR of every op0:op1:CRn:CRm:op2.
     */
    @Test
    void systemInstructionSpaceMatchesObjdump() {
        Assumptions.assumeTrue(Objdump.available(), Objdump.TOOL + " not installed");
        List<Integer> w = new ArrayList<>();
        for (int op1 = 0; op1 < 8; op1++) {
            for (int crm = 0; crm < 16; crm++) {
                for (int op2 = 0; op2 < 8; op2++) {
                    w.add(0xd500401f | op1 << 16 | crm << 8 | op2 << 5);
                    for (int crn = 0; crn < 16; crn++) {
                        int sys = op1 << 16 | crn << 12 | crm << 8 | op2 << 5;
                        w.add(0xd5080000 | sys | 31);
                        w.add(0xd5080000 | sys | 7);
                        w.add(0xd5280000 | sys | 30);
                        for (int o0 = 0; o0 < 2; o0++) {
                            w.add(0xd5300000 | o0 << 19 | sys | 2);
                            w.add(0xd5100000 | o0 << 19 | sys | 31);
                        }
                    }
                }
            }
        }
        int[] words = w.stream().mapToInt(Integer::intValue).toArray();
        List<String> diffs = compare(words);
        assertTrue(diffs.isEmpty(), diffs.size() + " of " + words.length + " differ");
    }

    private static List<String> compare(int[] words) {
        List<String> expected = Objdump.disassemble(words, BASE);
        Disassembler d = new Disassembler();
        List<String> diffs = new ArrayList<>();
        for (int i = 0; i < words.length; i++) {
            String want = Objdump.normalise(expected.get(i));
            String got = Objdump.normalise(d.disassemble(words[i], BASE + 4L * i));
            if (!want.equals(got) && KnownDifferences.reason(want, got) == null) {
                Pattern p = dev.hvlab.core.isa.A64.decoder().match(words[i]);
                diffs.add(String.format("%-10s %08x  objdump: %-40s hvlab: %s",
                        p == null ? "-" : p.name(), words[i], want, got));
            }
        }
        diffs.stream().limit(Integer.getInteger("hvlab.disasm.show", 60)).forEach(System.out::println);
        return diffs;
    }
}
