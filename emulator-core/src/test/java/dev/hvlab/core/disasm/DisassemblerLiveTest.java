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
        List<String> expected = Objdump.disassemble(words, BASE);
        Disassembler d = new Disassembler();
        List<String> diffs = new ArrayList<>();
        for (int i = 0; i < words.length; i++) {
            String want = Objdump.normalise(expected.get(i));
            String got = Objdump.normalise(d.disassemble(words[i], BASE + 4L * i));
            if (!want.equals(got) && KnownDifferences.reason(want, got) == null) {
                diffs.add(String.format("%-10s %08x  objdump: %-40s hvlab: %s",
                        patterns.get(i / PER_PATTERN).name(), words[i], want, got));
            }
        }
        diffs.stream().limit(Integer.getInteger("hvlab.disasm.show", 60)).forEach(System.out::println);
        assertTrue(diffs.isEmpty(), diffs.size() + " of " + words.length + " differ (seed " + seed + ")");
    }
}
