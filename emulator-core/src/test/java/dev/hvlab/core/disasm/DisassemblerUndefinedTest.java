package dev.hvlab.core.disasm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.Op;
import dev.hvlab.core.decode.DecodeTable;
import dev.hvlab.core.decode.Decoder;
import dev.hvlab.core.decode.Encoder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which words print as undefined: the decoder's verdict, whatever the formatter could print. */
class DisassemblerUndefinedTest {
    private static final int ADD_X0_X1_4 = Encoder.a64().encode("ADD_i", "sf", 1, "imm12", 4, "rn", 1, "rd", 0);

    private static final Op NOP_OP = new Op() {
        @Override
        public long exec(Cpu cpu, long pc) {
            return pc + 4;
        }
    };

    @Test
    void aWordTheSemanticFactoryRejectsIsUndefined() {
        Disassembler d = new Disassembler(new Decoder(DecodeTable.a64(), Map.of("ADD_i", insn -> null)));
        // objdump's text for an undefined word, e.g. ".inst\t0x00800000 ; undefined".
        assertEquals(".inst\t0x91001020 ; undefined", d.disassemble(ADD_X0_X1_4, 0));
    }

    @Test
    void aWordTheSemanticFactoryAcceptsIsPrinted() {
        Disassembler d = new Disassembler(new Decoder(DecodeTable.a64(), Map.of("ADD_i", insn -> NOP_OP)));
        // objdump -D -b binary: "91001020 \tadd\tx0, x1, #0x4".
        assertEquals("add\tx0, x1, #0x4", d.disassemble(ADD_X0_X1_4, 0));
    }

    @Test
    void aWordNoPatternMatchesIsUndefined() {
        // objdump -D -b binary: "00800000 \t.inst\t0x00800000 ; undefined".
        assertEquals(".inst\t0x00800000 ; undefined", new Disassembler().disassemble(0x00800000, 0));
    }
}
