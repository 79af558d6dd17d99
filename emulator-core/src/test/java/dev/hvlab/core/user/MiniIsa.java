package dev.hvlab.core.user;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.ExceptionClass;
import dev.hvlab.core.cpu.Op;
import dev.hvlab.core.decode.DecodeTable;
import dev.hvlab.core.decode.Decoder;
import dev.hvlab.core.decode.Encoder;
import dev.hvlab.core.decode.OpFactory;
import dev.hvlab.core.isa.Reg;
import java.util.Map;

/**
 * A handful of instructions, written here from the ARM ARM, so user mode can be tested end to end
 * before the real instruction semantics are merged: MOVZ, ADR, B, LDR (64-bit, unsigned offset)
 * and SVC. MRS stays unbound (UNDEFINED), which is what an EL0 ID-register read is anyway.
 */
final class MiniIsa {
    static final Encoder ENC = Encoder.a64();

    private MiniIsa() {
    }

    static Decoder decoder() {
        Map<String, OpFactory> m = Map.of(
                "MOVZ", i -> {
                    int rd = Reg.zrDest(i.f("rd"));
                    long v = (long) i.f("imm16") << (16 * i.f("hw"));
                    return new Op() {
                        @Override
                        public long exec(Cpu cpu, long pc) {
                            cpu.x[rd] = v;
                            return pc + 4;
                        }
                    };
                },
                "ADR", i -> {
                    int rd = Reg.zrDest(i.f("rd"));
                    long off = (i.sf("immhi") << 2) | i.f("immlo");
                    return new Op() {
                        @Override
                        public long exec(Cpu cpu, long pc) {
                            cpu.x[rd] = pc + off;
                            return pc + 4;
                        }
                    };
                },
                "B", i -> {
                    long off = i.sf("imm26") << 2;
                    return new Op() {
                        @Override
                        public long exec(Cpu cpu, long pc) {
                            return pc + off;
                        }
                    };
                },
                "LDST_uoff", i -> {
                    if (i.f("size") != 3 || i.f("opc") != 1) {
                        return null;
                    }
                    int rt = Reg.zrDest(i.f("rt"));
                    int rn = Reg.sp(i.f("rn"));
                    long off = (long) i.f("imm12") << 3;
                    return new Op() {
                        @Override
                        public long exec(Cpu cpu, long pc) {
                            cpu.x[rt] = cpu.read64(cpu.x[rn] + off);
                            return pc + 4;
                        }
                    };
                },
                "SVC", i -> {
                    int imm = i.f("imm16");
                    return new Op() {
                        @Override
                        public long exec(Cpu cpu, long pc) {
                            throw cpu.raise(ExceptionClass.SVC64, imm, pc + 4); // preferred return: next insn
                        }
                    };
                });
        return new Decoder(DecodeTable.a64(), m);
    }

    static int movz(int rd, long imm16) {
        return ENC.encode("MOVZ", "sf", 1, "hw", 0, "imm16", (int) imm16, "rd", rd);
    }

    static int adr(int rd, int offset) {
        return ENC.encode("ADR", "immlo", offset & 3, "immhi", (offset >> 2) & 0x7FFFF, "rd", rd);
    }

    static int svc() {
        return ENC.encode("SVC", "imm16", 0);
    }

    static int b(int offset) {
        return ENC.encode("B", "imm26", (offset >> 2) & 0x3FFFFFF);
    }

    static int ldr(int rt, int rn, int offset) {
        return ENC.encode("LDST_uoff", "size", 3, "opc", 1, "imm12", offset >> 3, "rn", rn, "rt", rt);
    }
}
