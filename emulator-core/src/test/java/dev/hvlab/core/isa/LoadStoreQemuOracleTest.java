package dev.hvlab.core.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.mem.PhysicalMemory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs ldst-oracle.s on qemu-aarch64 and on hvlab and compares the registers and memory it leaves.
 * hvlab runs only the program's body (straight-line loads and stores); the epilogue that writes
 * the results to stdout uses MOV and SVC, which are not this group's business, so the test reads
 * the result buffer straight from hvlab's memory instead.
 */
class LoadStoreQemuOracleTest {
    private static final long TEXT = 0x400000L;
    private static final long DATA = 0x410000L;
    private static final int OUT_BYTES = 512;

    @TempDir
    Path dir;

    @Test
    void bodyLeavesTheSameRegistersAndMemoryAsQemu() throws Exception {
        for (String tool : new String[] {"qemu-aarch64", "aarch64-linux-gnu-as", "aarch64-linux-gnu-ld",
            "aarch64-linux-gnu-objcopy", "aarch64-linux-gnu-nm"}) {
            assumeTrue(toolExists(tool), tool + " not installed");
        }
        try (InputStream in = getClass().getResourceAsStream("ldst-oracle.s")) {
            Files.write(dir.resolve("p.s"), in.readAllBytes());
        }
        run("aarch64-linux-gnu-as", "p.s", "-o", "p.o");
        run("aarch64-linux-gnu-ld", "-Ttext=0x" + Long.toHexString(TEXT), "-Tdata=0x" + Long.toHexString(DATA),
                "p.o", "-o", "p");
        run("aarch64-linux-gnu-objcopy", "-O", "binary", "p", "p.bin");
        Map<String, Long> symbols = new HashMap<>();
        for (String line : new String(run("aarch64-linux-gnu-nm", "p"), StandardCharsets.US_ASCII).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3) {
                symbols.put(f[2], Long.parseUnsignedLong(f[0], 16));
            }
        }
        long start = symbols.get("_start");
        long bodyEnd = symbols.get("body_end");
        long out = symbols.get("out");
        byte[] expected = run("qemu-aarch64", "-cpu", "cortex-a72", "./p");
        assertEquals(OUT_BYTES, expected.length, "qemu output length");

        byte[] image = Files.readAllBytes(dir.resolve("p.bin"));
        PhysicalMemory mem = new PhysicalMemory();
        mem.addRam(TEXT, 0x20000);
        mem.write(TEXT, image, 0, image.length);
        Cpu cpu = new Cpu(0, mem, A64.decoder());
        cpu.setExceptionHandler((c, e) -> {
            throw new AssertionError("hvlab raised " + e.getMessage());
        });
        cpu.pc = start;
        long steps = (bodyEnd - start) / 4;
        assertEquals(steps, cpu.run(steps));
        assertEquals(bodyEnd, cpu.pc);
        byte[] actual = new byte[OUT_BYTES];
        mem.read(out, actual, 0, OUT_BYTES);

        List<String> diffs = new ArrayList<>();
        for (int i = 0; i < OUT_BYTES; i += 8) {
            long q = le64(expected, i);
            long h = le64(actual, i);
            if (q != h) {
                String what = i < 232 ? "X" + (i / 8) : "out+" + i;
                diffs.add(String.format("%-8s qemu %016x  hvlab %016x", what, q, h));
            }
        }
        assertTrue(diffs.isEmpty(), "differences:\n" + String.join("\n", diffs));
    }

    private static long le64(byte[] b, int off) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | (b[off + i] & 0xFF);
        }
        return v;
    }

    private byte[] run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] stdout = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " timed out");
        assertEquals(0, p.exitValue(), String.join(" ", command) + " failed");
        return stdout;
    }

    private static boolean toolExists(String tool) {
        try {
            Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
