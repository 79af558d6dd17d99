package dev.hvlab.core.isa;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * One qemu-aarch64 -cpu cortex-a72 process that executes {@link FpSimdCases} in batches: a small
 * static harness, assembled once, reads up to {@value #CHUNK} input records from stdin, writes
 * each case's instruction word followed by RET into an executable buffer (then DC CVAU/IC IVAU as
 * the architecture asks for modified code), and for each case loads FPCR, X0-X3, NZCV and Q0-Q3,
 * zeroes FPSR, calls the word, and writes the outcome record to stdout. So a million cases cost
 * one process and about 250 code-buffer refills rather than one assembled program per batch.
 */
final class FpSimdQemu implements AutoCloseable {
    static final int CHUNK = 4096;

    private final Path dir;
    private final Process process;
    private final OutputStream toQemu;
    private final InputStream fromQemu;

    FpSimdQemu() throws IOException, InterruptedException {
        dir = Files.createTempDirectory("hvlab-fporacle");
        Files.writeString(dir.resolve("h.s"), harness());
        exec(dir, "aarch64-linux-gnu-as", "-o", "h.o", "h.s");
        exec(dir, "aarch64-linux-gnu-ld", "-static", "-o", "h", "h.o");
        ProcessBuilder pb = new ProcessBuilder("qemu-aarch64", "-cpu", "cortex-a72", dir.resolve("h").toString());
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        process = pb.start();
        toQemu = process.getOutputStream();
        fromQemu = process.getInputStream();
    }

    static boolean available() {
        return tool("qemu-aarch64") && tool("aarch64-linux-gnu-as") && tool("aarch64-linux-gnu-ld");
    }

    static boolean tool(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(d, name))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs the first {@code n} cases of {@code in} and returns qemu's outcomes. Every call but the
     * last must pass exactly {@value #CHUNK} cases; {@code last} closes qemu's stdin so the harness
     * sees the end of a short batch.
     */
    byte[] run(byte[] in, int n, boolean last) throws IOException {
        if (!last && n != CHUNK) {
            throw new IllegalArgumentException("only the last batch may be short");
        }
        toQemu.write(in, 0, n * FpSimdCases.IN);
        toQemu.flush();
        if (last) {
            toQemu.close();
        }
        byte[] out = fromQemu.readNBytes(n * FpSimdCases.OUT);
        if (out.length != n * FpSimdCases.OUT) {
            throw new IllegalStateException("qemu stopped after " + out.length / FpSimdCases.OUT + " of " + n
                    + " cases of the batch (an instruction it does not implement?)");
        }
        return out;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        toQemu.close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        for (String f : new String[] {"h.s", "h.o", "h"}) {
            Files.deleteIfExists(dir.resolve(f));
        }
        Files.deleteIfExists(dir);
    }

    private static String harness() {
        int inBytes = CHUNK * FpSimdCases.IN;
        return String.join("\n",
                ".text", ".global _start", "_start:",
                // mmap(NULL, CHUNK*8, RWX, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)
                "  mov x0, #0", "  ldr x1, =" + CHUNK * 8, "  mov x2, #7", "  mov x3, #0x22", "  mov x4, #-1",
                "  mov x5, #0", "  mov x8, #222", "  svc #0", "  mov x19, x0",
                "  adrp x20, inbuf", "  add x20, x20, :lo12:inbuf", "  adrp x21, outbuf", "  add x21, x21, :lo12:outbuf",
                "  ldr w23, =0xd65f03c0", // RET
                "batch:", "  mov x22, #0",
                "1:", "  ldr x2, =" + inBytes, "  sub x2, x2, x22", "  cbz x2, 2f",
                "  mov x0, #0", "  add x1, x20, x22", "  mov x8, #63", "  svc #0",
                "  cmp x0, #0", "  b.le 2f", "  add x22, x22, x0", "  b 1b",
                "2:", "  lsr x24, x22, #7", "  cbz x24, done",
                "  mov x9, #0",
                "3:", "  lsl x10, x9, #7", "  ldr w12, [x20, x10]", "  add x13, x19, x9, lsl #3",
                "  str w12, [x13]", "  str w23, [x13, #4]", "  add x9, x9, #1", "  cmp x9, x24", "  b.lo 3b",
                "  add x10, x19, x24, lsl #3", "  mov x9, x19",
                "4:", "  dc cvau, x9", "  add x9, x9, #64", "  cmp x9, x10", "  b.lo 4b", "  dsb ish", "  mov x9, x19",
                "5:", "  ic ivau, x9", "  add x9, x9, #64", "  cmp x9, x10", "  b.lo 5b", "  dsb ish", "  isb",
                "  mov x25, #0", "  mov x28, x20", "  mov x27, x21",
                "6:", "  ldr x9, [x28, #8]", "  msr fpcr, x9", "  ldp x0, x1, [x28, #16]", "  ldp x2, x3, [x28, #32]",
                "  ldr x9, [x28, #48]", "  msr nzcv, x9", "  ldp q0, q1, [x28, #64]", "  ldp q2, q3, [x28, #96]",
                "  msr fpsr, xzr", "  add x9, x19, x25, lsl #3", "  blr x9",
                "  mrs x9, fpsr", "  mrs x10, nzcv", "  stp q0, q1, [x27]", "  stp q2, q3, [x27, #32]",
                "  stp x0, x1, [x27, #64]", "  stp x2, x3, [x27, #80]", "  stp x9, x10, [x27, #96]",
                "  add x28, x28, #" + FpSimdCases.IN, "  add x27, x27, #" + FpSimdCases.OUT, "  add x25, x25, #1",
                "  cmp x25, x24", "  b.lo 6b",
                "  msr fpcr, xzr", "  mov x9, #" + FpSimdCases.OUT, "  mul x26, x24, x9", "  mov x22, #0",
                "7:", "  cmp x22, x26", "  b.hs batch",
                "  mov x0, #1", "  add x1, x21, x22", "  sub x2, x26, x22", "  mov x8, #64", "  svc #0",
                "  cmp x0, #0", "  b.le fail", "  add x22, x22, x0", "  b 7b",
                "done:", "  mov x0, #0", "  mov x8, #93", "  svc #0",
                "fail:", "  mov x0, #1", "  mov x8, #93", "  svc #0", "  .ltorg",
                ".bss", ".balign 16", "inbuf: .skip " + inBytes, "outbuf: .skip " + CHUNK * FpSimdCases.OUT, "");
    }

    private static void exec(Path dir, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + log);
        }
    }
}
