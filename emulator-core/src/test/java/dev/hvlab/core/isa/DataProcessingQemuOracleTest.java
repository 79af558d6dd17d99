package dev.hvlab.core.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.mem.PhysicalMemory;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A quick sanity oracle: a straight-line program of random data-processing instructions,
 * assembled by binutils, runs under qemu-aarch64 (which prints X0-X28 and NZCV through a write
 * syscall) and on hvlab (which runs just the data-processing part of the same bytes); the final
 * registers must agree. Replay a failure with {@code -Dhvlab.seed=N}.
 */
class DataProcessingQemuOracleTest {
    private static final long TEXT = 0x4000_0000L;
    private static final int REGS = 29; // X0-X28 random; X29 carries NZCV out, X30 is left alone
    private static final int RANDOM_INSNS = 400;
    private static final String[] CONDS = {"eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc", "hi", "ls", "ge", "lt",
        "gt", "le", "al"};

    @TempDir
    Path dir;

    private Random rnd;

    @Test
    void randomDataProcessingProgramMatchesQemu() throws Exception {
        for (String tool : new String[] {"aarch64-linux-gnu-as", "aarch64-linux-gnu-ld", "aarch64-linux-gnu-objcopy",
            "qemu-aarch64"}) {
            Assumptions.assumeTrue(onPath(tool), tool + " not installed");
        }
        long seed = Long.getLong("hvlab.seed", System.nanoTime());
        System.out.println("DataProcessingQemuOracleTest seed " + seed);
        rnd = new Random(seed);

        List<String> prefix = new ArrayList<>();
        long[] init = new long[REGS];
        for (int r = 0; r < REGS; r++) {
            init[r] = randomValue();
            for (int hw = 0; hw < 4; hw++) {
                long half = (init[r] >>> (16 * hw)) & 0xFFFF;
                prefix.add((hw == 0 ? "movz x" : "movk x") + r + ", #0x" + Long.toHexString(half) + ", lsl #" + (16 * hw));
            }
        }
        prefix.add("cmp x0, x1");
        for (int k = 0; k < RANDOM_INSNS; k++) {
            prefix.add(randomInstruction());
        }

        StringBuilder src = new StringBuilder("    .text\n    .global _start\n_start:\n");
        for (String s : prefix) {
            src.append("    ").append(s).append('\n');
        }
        src.append("    mrs x29, nzcv\n    sub sp, sp, #256\n");
        for (int r = 0; r < 30; r += 2) {
            src.append("    stp x").append(r).append(", x").append(r + 1).append(", [sp, #").append(8 * r).append("]\n");
        }
        src.append("""
                mov x0, #1
                mov x1, sp
                mov x2, #240
                mov x8, #64
                svc #0
                mov x0, #0
                mov x8, #93
                svc #0
            """);
        Path asm = dir.resolve("p.s");
        Files.writeString(asm, src.toString());
        exec("aarch64-linux-gnu-as", "-march=armv8-a+crc", "-o", "p.o", "p.s");
        exec("aarch64-linux-gnu-ld", "-static", "-Ttext=0x" + Long.toHexString(TEXT), "-o", "p", "p.o");
        exec("aarch64-linux-gnu-objcopy", "-O", "binary", "-j", ".text", "p", "p.bin");
        byte[] out = exec("qemu-aarch64", "./p");
        assertEquals(240, out.length, "qemu output size");
        ByteBuffer bb = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        long[] want = new long[30];
        for (int r = 0; r < 30; r++) {
            want[r] = bb.getLong();
        }

        byte[] code = Files.readAllBytes(dir.resolve("p.bin"));
        PhysicalMemory m = new PhysicalMemory();
        m.addRam(TEXT, 1 << 20);
        m.write(TEXT, code, 0, code.length);
        Cpu cpu = new Cpu(0, m, A64.decoder());
        cpu.pc = TEXT;
        cpu.setExceptionHandler((c, e) -> {
            throw new AssertionError("hvlab raised " + e.getMessage() + " at "
                + prefix.get((int) ((e.preferredReturn - TEXT) / 4)));
        });
        cpu.run(prefix.size());
        assertEquals(TEXT + 4L * prefix.size(), cpu.pc, "hvlab stopped early");

        StringBuilder diff = new StringBuilder();
        for (int r = 0; r < REGS; r++) {
            if (cpu.x[r] != want[r]) {
                diff.append(String.format("x%-2d qemu %016x hvlab %016x%n", r, want[r], cpu.x[r]));
            }
        }
        if ((cpu.nzcv() & 0xF000_0000L) != (want[29] & 0xF000_0000L)) {
            diff.append(String.format("NZCV qemu %x hvlab %x%n", want[29] >>> 28, (cpu.nzcv() >>> 28) & 0xF));
        }
        if (diff.length() > 0) {
            fail("hvlab differs from qemu-aarch64 (seed " + seed + "):\n" + diff + "program:\n"
                + String.join("\n", prefix.subList(REGS * 4, prefix.size())));
        }
    }

    private long randomValue() {
        return switch (rnd.nextInt(8)) {
            case 0 -> new long[] {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFFL}[rnd.nextInt(8)];
            case 1 -> rnd.nextInt(256) - 128;
            case 2 -> rnd.nextInt() & 0xFFFF_FFFFL;
            default -> rnd.nextLong();
        };
    }

    private String reg(boolean w, boolean allowZr) {
        if (allowZr && rnd.nextInt(12) == 0) {
            return w ? "wzr" : "xzr";
        }
        return (w ? "w" : "x") + rnd.nextInt(REGS);
    }

    private String cond() {
        return CONDS[rnd.nextInt(CONDS.length)];
    }

    private static String pick(Random r, String... options) {
        return options[r.nextInt(options.length)];
    }

    /** A valid bitmask immediate, built from its definition: a rotated run of ones, replicated. */
    private long bitmaskImmediate(int datasize) {
        int esize = 2 << rnd.nextInt(datasize == 64 ? 6 : 5);
        int ones = 1 + rnd.nextInt(esize - 1);
        int rot = rnd.nextInt(esize);
        long emask = esize == 64 ? -1L : (1L << esize) - 1;
        long elem = (1L << ones) - 1;
        elem = rot == 0 ? elem : ((elem >>> rot) | (elem << (esize - rot))) & emask;
        long v = 0;
        for (int i = 0; i < datasize; i += esize) {
            v |= elem << i;
        }
        return datasize == 64 ? v : v & 0xFFFF_FFFFL;
    }

    private String randomInstruction() {
        boolean w = rnd.nextBoolean();
        int size = w ? 32 : 64;
        String d = reg(w, false);
        String n = reg(w, true);
        String m = reg(w, true);
        switch (rnd.nextInt(22)) {
            case 0:
                return pick(rnd, "add", "adds", "sub", "subs") + " " + d + ", " + n + ", " + m + ", "
                    + pick(rnd, "lsl", "lsr", "asr") + " #" + rnd.nextInt(size);
            case 1:
                return pick(rnd, "and", "bic", "orr", "orn", "eor", "eon", "ands", "bics") + " " + d + ", " + n + ", "
                    + m + ", " + pick(rnd, "lsl", "lsr", "asr", "ror") + " #" + rnd.nextInt(size);
            case 2: {
                String ext = pick(rnd, "uxtb", "uxth", "uxtw", "sxtb", "sxth", "sxtw", "uxtx", "sxtx");
                boolean xm = !w && ext.endsWith("x");
                return pick(rnd, "add", "adds", "sub", "subs") + " " + d + ", " + reg(w, false) + ", "
                    + reg(!xm, true) + ", " + ext + " #" + rnd.nextInt(5);
            }
            case 3:
                return pick(rnd, "add", "adds", "sub", "subs") + " " + d + ", " + reg(w, false) + ", #"
                    + rnd.nextInt(4096) + (rnd.nextBoolean() ? ", lsl #12" : "");
            case 4:
                return pick(rnd, "and", "orr", "eor", "ands") + " " + d + ", " + n + ", #0x"
                    + Long.toHexString(bitmaskImmediate(size));
            case 5:
                return pick(rnd, "movz", "movn", "movk") + " " + d + ", #0x" + Integer.toHexString(rnd.nextInt(0x10000))
                    + ", lsl #" + 16 * rnd.nextInt(size / 16);
            case 6: {
                int lsb = rnd.nextInt(size);
                int width = 1 + rnd.nextInt(size - lsb);
                return pick(rnd, "ubfx", "sbfx", "bfxil", "bfi", "ubfiz", "sbfiz") + " " + d + ", " + n + ", #" + lsb
                    + ", #" + width;
            }
            case 7:
                return pick(rnd, "lsl", "lsr", "asr", "ror") + " " + d + ", " + n + ", #" + rnd.nextInt(size);
            case 8:
                return w ? pick(rnd, "sxtb", "sxth", "uxtb", "uxth") + " " + d + ", " + n
                    : pick(rnd, "sxtb", "sxth", "sxtw") + " " + d + ", " + reg(true, true);
            case 9:
                return "extr " + d + ", " + n + ", " + m + ", #" + rnd.nextInt(size);
            case 10:
                return pick(rnd, "adc", "adcs", "sbc", "sbcs") + " " + d + ", " + n + ", " + m;
            case 11:
                return pick(rnd, "ccmp", "ccmn") + " " + n + ", " + (rnd.nextBoolean() ? m : "#" + rnd.nextInt(32))
                    + ", #" + rnd.nextInt(16) + ", " + cond();
            case 12:
                return pick(rnd, "csel", "csinc", "csinv", "csneg") + " " + d + ", " + n + ", " + m + ", " + cond();
            case 13:
                return pick(rnd, "madd", "msub") + " " + d + ", " + n + ", " + m + ", " + reg(w, true);
            case 14:
                return pick(rnd, "smaddl", "smsubl", "umaddl", "umsubl") + " " + reg(false, false) + ", "
                    + reg(true, true) + ", " + reg(true, true) + ", " + reg(false, true);
            case 15:
                return pick(rnd, "smulh", "umulh") + " " + reg(false, false) + ", " + reg(false, true) + ", " + reg(false, true);
            case 16:
                return pick(rnd, "udiv", "sdiv") + " " + d + ", " + n + ", " + m;
            case 17:
                return pick(rnd, "lslv", "lsrv", "asrv", "rorv") + " " + d + ", " + n + ", " + m;
            case 18: {
                String sz = pick(rnd, "b", "h", "w", "x");
                return pick(rnd, "crc32", "crc32c") + sz + " " + reg(true, false) + ", " + reg(true, true) + ", "
                    + reg(!sz.equals("x"), true);
            }
            case 19:
                return w ? pick(rnd, "rbit", "rev16", "rev", "clz", "cls") + " " + d + ", " + n
                    : pick(rnd, "rbit", "rev16", "rev32", "rev", "clz", "cls") + " " + d + ", " + n;
            case 20:
                return pick(rnd, "cmp", "cmn", "tst") + " " + n + ", " + m;
            default:
                return rnd.nextBoolean() ? "adr " + reg(false, false) + ", . + " + (rnd.nextInt(1 << 20) - (1 << 19))
                    : "adrp " + reg(false, false) + ", . + " + 4096L * (rnd.nextInt(1 << 16) - (1 << 15));
        }
    }

    private byte[] exec(String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        File err = dir.resolve("stderr.txt").toFile();
        pb.redirectError(err);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", cmd) + " timed out");
        }
        if (p.exitValue() != 0) {
            fail(String.join(" ", cmd) + " failed: " + Files.readString(err.toPath(), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String d : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}
