package dev.hvlab.core.disasm;

import dev.hvlab.core.decode.Field;
import dev.hvlab.core.decode.Pattern;
import java.util.Random;

/**
 * Random instruction words of one pattern, biased towards the values that select aliases:
 * register 31, equal registers, zero and all-ones immediates.
 */
final class RandomWords {
    private RandomWords() {
    }

    static int of(Pattern p, Random rnd) {
        int w = p.value() | (rnd.nextInt() & ~p.mask());
        Integer firstReg = null;
        for (Field f : p.fields()) {
            boolean reg = f.name().startsWith("r") && f.len() == 5;
            int roll = rnd.nextInt(10);
            if (reg && roll < 2) {
                w = f.insert(w, 31);
            } else if (reg && roll < 3 && firstReg != null) {
                w = f.insert(w, firstReg);
            } else if (!reg && roll == 0) {
                w = f.insert(w, 0);
            } else if (!reg && roll == 1) {
                w = f.insert(w, -1);
            }
            if (reg && firstReg == null) {
                firstReg = f.extract(w);
            }
        }
        return w;
    }
}
