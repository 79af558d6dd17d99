package dev.hvlab.core.isa;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.Op;
import dev.hvlab.core.decode.Decoder;
import dev.hvlab.core.decode.Field;
import dev.hvlab.core.decode.Pattern;
import dev.hvlab.core.mem.PhysicalMemory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Random FP and AdvSIMD instructions drawn from the encoding table (registers 0-3), with inputs
 * from the FP edge cases and random FPCR (rounding mode, FZ, DN), run on qemu-aarch64 -cpu
 * cortex-a72 and on hvlab; V0-V3, X0-X3, FPSR and NZCV must agree. The seed is printed; set
 * -Dhvlab.fpOracle.seed / .count to replay or widen.
 */
class FpSimdOracleTest {
    private static final int IN = 112;
    private static final int OUT = 112;

    static boolean tool(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void randomFpSimdInstructionsMatchQemu() throws Exception {
        Assumptions.assumeTrue(tool("qemu-aarch64"), "qemu-aarch64 not installed");
        Assumptions.assumeTrue(tool("aarch64-linux-gnu-as") && tool("aarch64-linux-gnu-ld"),
                "aarch64-linux-gnu-as/ld not installed");
        long seed = Long.getLong("hvlab.fpOracle.seed", System.nanoTime());
        int count = Integer.getInteger("hvlab.fpOracle.count", 4000);
        String only = System.getProperty("hvlab.fpOracle.only", "");
        System.out.println("FpSimdOracleTest seed=" + seed + " count=" + count);
        Random r = new Random(seed);
        Decoder dec = A64.decoder();
        List<Pattern> pats = new ArrayList<>();
        for (Pattern p : dec.table().patterns()) {
            String c = p.encodingClass();
            if ((c.startsWith("fp_") || c.startsWith("simd_")) && (only.isEmpty() || p.name().matches(only))) {
                pats.add(p);
            }
        }
        int[] words = new int[count];
        byte[] in = new byte[count * IN];
        ByteBuffer ib = ByteBuffer.wrap(in).order(ByteOrder.LITTLE_ENDIAN);
        for (int k = 0; k < count; k++) {
            int w;
            do {
                Pattern p = pats.get(r.nextInt(pats.size()));
                w = (r.nextInt() & ~p.mask()) | p.value();
                for (Field f : p.fields()) {
                    if (f.name().matches("r[dnmat]|rt2") && f.len() == 5) {
                        w = (w & ~(31 << f.pos())) | (r.nextInt(4) << f.pos());
                    }
                }
            } while (dec.match(w) == null || !pats.contains(dec.match(w)) || !dec.isAllocated(w));
            words[k] = w;
            int base = k * IN;
            long fpcr = ((long) r.nextInt(4) << 22) | (r.nextInt(3) == 0 ? 1L << 24 : 0) | (r.nextInt(3) == 0 ? 1L << 25 : 0)
                    | (r.nextInt(8) == 0 ? 1L << 26 : 0);
            ib.putLong(base, fpcr);
            for (int x = 0; x < 4; x++) {
                ib.putLong(base + 8 + 8 * x, FpEdgeValues.gpr(r));
            }
            ib.putLong(base + 40, (long) r.nextInt(16) << 28);
            for (int h = 0; h < 8; h++) {
                ib.putLong(base + 48 + 8 * h, FpEdgeValues.half(r));
            }
        }
        byte[] qemuOut = runQemu(words, in);
        Map<String, List<String>> mismatches = new LinkedHashMap<>();
        PhysicalMemory mem = new PhysicalMemory();
        mem.addRam(0x40000000L, 1 << 16);
        Cpu cpu = new Cpu(0, mem, dec);
        ByteBuffer qb = ByteBuffer.wrap(qemuOut).order(ByteOrder.LITTLE_ENDIAN);
        int bad = 0;
        for (int k = 0; k < count; k++) {
            int base = k * IN;
            cpu.fpcr = (int) ib.getLong(base);
            for (int x = 0; x < 4; x++) {
                cpu.x[x] = ib.getLong(base + 8 + 8 * x);
            }
            cpu.setNzcv((int) (ib.getLong(base + 40) >>> 28));
            for (int h = 0; h < 8; h++) {
                cpu.vreg[h] = ib.getLong(base + 48 + 8 * h);
            }
            cpu.fpsr = 0;
            Op op = dec.decode(words[k]);
            op.exec(cpu, 0x40000000L);
            long[] mine = new long[14];
            System.arraycopy(cpu.vreg, 0, mine, 0, 8);
            for (int x = 0; x < 4; x++) {
                mine[8 + x] = cpu.x[x];
            }
            mine[12] = cpu.fpsr & 0xFFFFFFFFL;
            mine[13] = cpu.nzcv() & 0xF0000000L;
            long[] theirs = new long[14];
            for (int j = 0; j < 14; j++) {
                theirs[j] = qb.getLong(k * OUT + 8 * j);
            }
            theirs[13] &= 0xF0000000L;
            if (!java.util.Arrays.equals(mine, theirs)) {
                bad++;
                String name = dec.match(words[k]).name();
                List<String> l = mismatches.computeIfAbsent(name, n -> new ArrayList<>());
                if (l.size() < 3) {
                    StringBuilder sb = new StringBuilder(String.format("  %08x fpcr=%08x in:", words[k], ib.getLong(base)));
                    for (int h = 0; h < 8; h++) {
                        sb.append(String.format(" %016x", ib.getLong(base + 48 + 8 * h)));
                    }
                    sb.append(String.format(" x=%x,%x,%x,%x%n", ib.getLong(base + 8), ib.getLong(base + 16),
                            ib.getLong(base + 24), ib.getLong(base + 32)));
                    String[] names = {"v0lo", "v0hi", "v1lo", "v1hi", "v2lo", "v2hi", "v3lo", "v3hi", "x0", "x1", "x2", "x3", "fpsr", "nzcv"};
                    for (int j = 0; j < 14; j++) {
                        if (mine[j] != theirs[j]) {
                            sb.append(String.format("    %s hvlab=%016x qemu=%016x%n", names[j], mine[j], theirs[j]));
                        }
                    }
                    l.add(sb.toString());
                }
            }
        }
        StringBuilder report = new StringBuilder();
        for (Map.Entry<String, List<String>> e : mismatches.entrySet()) {
            report.append(e.getKey()).append('\n');
            e.getValue().forEach(report::append);
        }
        if (bad > 0) {
            System.out.println(report);
        }
        int failures = bad;
        assertTrue(bad == 0, () -> failures + " of " + count + " mismatches (seed " + seed + ") in "
                + mismatches.keySet());
    }

    private static byte[] runQemu(int[] words, byte[] in) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("hvlab-fporacle");
        StringBuilder s = new StringBuilder();
        s.append(".text\n.global _start\n_start:\n  adrp x28, inputs\n  add x28, x28, :lo12:inputs\n  adrp x27, outputs\n  add x27, x27, :lo12:outputs\n");
        for (int w : words) {
            s.append("  ldr x9, [x28]\n  msr fpcr, x9\n  ldp x0, x1, [x28, #8]\n  ldp x2, x3, [x28, #24]\n")
                    .append("  ldr x9, [x28, #40]\n  msr nzcv, x9\n  ldp q0, q1, [x28, #48]\n  ldp q2, q3, [x28, #80]\n")
                    .append("  msr fpsr, xzr\n")
                    .append(String.format("  .inst 0x%08x%n", w))
                    .append("  mrs x9, fpsr\n  mrs x10, nzcv\n  stp q0, q1, [x27]\n  stp q2, q3, [x27, #32]\n")
                    .append("  stp x0, x1, [x27, #64]\n  stp x2, x3, [x27, #80]\n  stp x9, x10, [x27, #96]\n")
                    .append("  add x28, x28, #112\n  add x27, x27, #112\n");
        }
        s.append("  mov x0, #1\n  adrp x1, outputs\n  add x1, x1, :lo12:outputs\n  ldr x2, =").append(words.length * OUT).append('\n')
                .append("  mov x8, #64\n  svc #0\n  mov x0, #0\n  mov x8, #93\n  svc #0\n  .ltorg\n")
                .append(".data\n.balign 16\ninputs: .incbin \"").append(dir.resolve("in.bin")).append("\"\n")
                .append(".bss\n.balign 16\noutputs: .skip ").append(words.length * OUT).append('\n');
        Files.write(dir.resolve("in.bin"), in);
        Files.writeString(dir.resolve("t.s"), s.toString());
        exec(dir, "aarch64-linux-gnu-as", "-o", "t.o", "t.s");
        exec(dir, "aarch64-linux-gnu-ld", "-static", "-o", "t", "t.o");
        ProcessBuilder pb = new ProcessBuilder("qemu-aarch64", "-cpu", "cortex-a72", dir.resolve("t").toString());
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        p.waitFor(60, TimeUnit.SECONDS);
        if (out.length != words.length * OUT) {
            throw new IllegalStateException("qemu produced " + out.length + " bytes, exit " + p.exitValue());
        }
        return out;
    }

    private static void exec(Path dir, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + log);
        }
    }
}
