package dev.hvlab.core.asm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.asm.Assembler.Label;
import dev.hvlab.core.difftest.HostTools;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AssemblerTest {
    private static final long BASE = 0x400000L;

    /** Words worked out by hand from the encoding diagrams of the ARM ARM (C6.2). */
    @Test
    void encodesFromTheArmArmLayouts() {
        Assembler a = new Assembler(BASE);
        a.movz(0, 0x1234, 0);            // sf=1 opc=10 100101 hw=0 imm16 rd
        a.mov(1, -1);                    // MOVN x1, #0
        a.add(1, 2, 4);                  // sf=1 op=0 S=0 100010 sh=0 imm12=4 rn=2 rd=1
        a.ret();
        a.nop();
        a.svc(0);
        a.msr(Assembler.NZCV, 1);        // op0=3 op1=3 CRn=4 CRm=2 op2=0
        a.mrs(0, Assembler.NZCV);
        assertArrayEquals(new int[] {
            0xD2824680, 0x92800001, 0x91001041, 0xD65F03C0, 0xD503201F, 0xD4000001, 0xD51B4201, 0xD53B4200,
        }, a.words());
    }

    @Test
    void labelsResolveForwardAndBackward() {
        Assembler a = new Assembler(BASE);
        Label top = a.newLabel();
        Label end = a.newLabel();
        a.bind(top);
        a.b(end);                        // +2 words
        a.b(top);                        // -1 word
        a.bind(end);
        a.cbz(3, top);                   // -2 words, imm19 at bits 23:5
        a.adr(4, end);                   // -4 bytes: immlo=0, immhi=-1
        int[] w = a.words();
        assertEquals(0x14000002, w[0]);
        assertEquals(0x17FFFFFF, w[1]);
        assertEquals(0xB4000000 | (0x7FFFE << 5) | 3, w[2]);
        assertEquals(0x10000000 | (0x7FFFF << 5) | 4, w[3]);
        assertEquals(BASE + 8, a.address(end));
    }

    @Test
    void unboundLabelsAndOutOfRangeOperandsAreRefused() {
        Assembler a = new Assembler(BASE);
        a.b(a.newLabel());
        assertThrows(IllegalStateException.class, a::words);
        assertThrows(IllegalArgumentException.class, () -> new Assembler(BASE).add(0, 1, 4097));
        assertThrows(IllegalArgumentException.class, () -> new Assembler(BASE).ldp(0, 1, 2, 4));
        assertThrows(IllegalArgumentException.class, () -> new Assembler(BASE).ldr(0, 1, -300));
    }

    /** Runs the MOVZ/MOVN/MOVK sequence mov() emits, with the ARM ARM's MoveWide semantics. */
    @Test
    void movBuildsEveryConstantInAtMostFourWords() {
        SplittableRandom r = new SplittableRandom(42);
        long[] special = {0, -1, 1, 0xFFFF, 0xFFFF0000L, Long.MIN_VALUE, Long.MAX_VALUE, 0x0000FFFF0000FFFFL};
        for (int i = 0; i < 2000; i++) {
            long v = i < special.length ? special[i] : r.nextLong() & masks(r);
            Assembler a = new Assembler(BASE);
            a.mov(7, v);
            int[] w = a.words();
            assertTrue(w.length >= 1 && w.length <= 4);
            long x = 0xDEADL;
            for (int word : w) {
                assertEquals(7, word & 31);
                int opc = (word >>> 29) & 3;
                int hw = (word >>> 21) & 3;
                long imm = (long) ((word >>> 5) & 0xFFFF) << (16 * hw);
                x = switch (opc) {
                    case 0 -> ~imm;                                    // MOVN
                    case 2 -> imm;                                     // MOVZ
                    case 3 -> (x & ~(0xFFFFL << (16 * hw))) | imm;      // MOVK
                    default -> throw new AssertionError(Integer.toHexString(word));
                };
            }
            assertEquals(v, x, () -> "mov of 0x" + Long.toHexString(v));
        }
    }

    /** Clears some halfwords or sets them to ones, so both MOVZ and MOVN paths are drawn. */
    private static long masks(SplittableRandom r) {
        long m = -1;
        for (int h = 0; h < 4; h++) {
            if (r.nextInt(3) == 0) {
                m &= ~(0xFFFFL << (16 * h));
            }
        }
        return m;
    }

    @Test
    void agreesWithGnuAs(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(HostTools.exists("aarch64-linux-gnu-as"), "aarch64-linux-gnu-as not installed");
        Assumptions.assumeTrue(HostTools.exists("aarch64-linux-gnu-objcopy"), "aarch64-linux-gnu-objcopy not installed");
        String src = """
                start:
                  mov x0, #0x1234
                  mov x0, #-2
                  mov x0, #0x12340000
                  movz x1, #0xbeef, lsl #16
                  movk x1, #0xdead, lsl #32
                  movn x2, #5
                  add x3, x4, #4095
                  add x3, sp, #1, lsl #12
                  sub sp, sp, #16
                  add x3, x4, #-8
                  adds x5, x6, #7
                  subs x7, x8, #9
                  cmp x9, #10
                  add x10, x11, x12
                  sub x10, x11, x12
                  adds x13, x14, x15
                  subs x16, x17, x18
                  mov x18, x19
                  mov x20, sp
                  ldr x0, [x1, #8]
                  ldr x0, [sp, #32760]
                  ldur x0, [x1, #-8]
                  str x2, [x3, #16]
                  ldr w4, [x5, #4]
                  stur w4, [x5, #-4]
                  ldrh w6, [x7, #2]
                  strh w6, [x7, #3]
                  ldrb w8, [x9, #1]
                  strb w8, [x9, #4095]
                  ldp x0, x1, [sp, #16]
                  stp x0, x1, [x2, #-512]
                  stp x29, x30, [sp, #-16]!
                  ldp x29, x30, [sp], #16
                  ldr x3, lit
                  adr x4, fwd
                  b fwd
                  bl start
                  b.ne fwd
                  cbz x5, fwd
                  cbnz x6, start
                  tbz x7, #3, fwd
                  tbnz x8, #40, fwd
                fwd:
                  br x9
                  blr x10
                  ret
                  ret x11
                  svc #0
                  hvc #1
                  smc #2
                  brk #3
                  msr nzcv, x1
                  mrs x0, nzcv
                  msr tpidr_el0, x2
                  mrs x3, cntvct_el0
                  mrs x4, fpcr
                  nop
                  isb
                  dsb sy
                  dmb ish
                lit:
                  .word 0x12345678
                """;
        Assembler a = new Assembler(0);
        Label start = a.newLabel();
        Label fwd = a.newLabel();
        Label lit = a.newLabel();
        a.bind(start);
        a.mov(0, 0x1234).mov(0, -2).mov(0, 0x12340000L);
        a.movz(1, 0xbeef, 16).movk(1, 0xdead, 32).movn(2, 5, 0);
        a.add(3, 4, 4095).add(3, Assembler.SP, 4096).sub(Assembler.SP, Assembler.SP, 16).add(3, 4, -8);
        a.adds(5, 6, 7).subs(7, 8, 9).cmp(9, 10);
        a.addReg(10, 11, 12).subReg(10, 11, 12).addsReg(13, 14, 15).subsReg(16, 17, 18);
        a.movReg(18, 19).movSp(20, Assembler.SP);
        a.ldr(0, 1, 8).ldr(0, Assembler.SP, 32760).ldr(0, 1, -8).str(2, 3, 16);
        a.ldrw(4, 5, 4).strw(4, 5, -4).ldrh(6, 7, 2).strh(6, 7, 3).ldrb(8, 9, 1).strb(8, 9, 4095);
        a.ldp(0, 1, Assembler.SP, 16).stp(0, 1, 2, -512).stpPre(29, 30, Assembler.SP, -16).ldpPost(29, 30, Assembler.SP, 16);
        a.ldrLiteral(3, lit).adr(4, fwd).b(fwd).bl(start).bCond(Assembler.NE, fwd);
        a.cbz(5, fwd).cbnz(6, start).tbz(7, 3, fwd).tbnz(8, 40, fwd);
        a.bind(fwd);
        a.br(9).blr(10).ret().ret(11);
        a.svc(0).hvc(1).smc(2).brk(3);
        a.msr(Assembler.NZCV, 1).mrs(0, Assembler.NZCV).msr(Assembler.TPIDR_EL0, 2)
                .mrs(3, Assembler.CNTVCT_EL0).mrs(4, Assembler.FPCR);
        a.nop().isb().dsb().dmb();
        a.bind(lit);
        a.word(0x12345678);
        assertArrayEquals(gnuAs(dir, src), a.words());
    }

    private static int[] gnuAs(Path dir, String src) throws IOException, InterruptedException {
        Path s = dir.resolve("t.s");
        Path o = dir.resolve("t.o");
        Path bin = dir.resolve("t.bin");
        Files.writeString(s, src);
        run("aarch64-linux-gnu-as", "-o", o.toString(), s.toString());
        run("aarch64-linux-gnu-objcopy", "-O", "binary", "-j", ".text", o.toString(), bin.toString());
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(bin)).order(ByteOrder.LITTLE_ENDIAN);
        int[] w = new int[b.remaining() / 4];
        for (int i = 0; i < w.length; i++) {
            w[i] = b.getInt();
        }
        return w;
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", cmd) + " timed out");
        assertEquals(0, p.exitValue(), () -> String.join(" ", cmd) + ":\n" + out);
    }
}
