package dev.hvlab.core.sysreg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The table's encodings against the GNU assembler: every named register and system instruction is
 * assembled by name and bits 20:5 of the word must equal the table's op0:op1:CRn:CRm:op2.
 */
class SystemRegisterEncodingTest {
    private static final String AS = "aarch64-linux-gnu-as";
    private static final String OBJCOPY = "aarch64-linux-gnu-objcopy";

    private static boolean toolExists(String tool) {
        try {
            return new ProcessBuilder(tool, "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static int[] assemble(List<String> lines) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("hvlab-sysreg");
        try {
            Path src = dir.resolve("t.s");
            Files.write(src, lines);
            run(AS, "-o", dir.resolve("t.o").toString(), src.toString());
            run(OBJCOPY, "-O", "binary", "-j", ".text", dir.resolve("t.o").toString(), dir.resolve("t.bin").toString());
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("t.bin"))).order(ByteOrder.LITTLE_ENDIAN);
            int[] words = new int[b.remaining() / 4];
            for (int i = 0; i < words.length; i++) {
                words[i] = b.getInt();
            }
            return words;
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
    }

    /**
     * The IMPLEMENTATION DEFINED registers, which the assembler knows only by encoding: their
     * encodings as the Cortex-A72 TRM (ARM 100095, "AArch64 implementation defined registers") and
     * Cortex-A53 TRM (ARM DDI 0500) list them.
     */
    private static final Map<String, String> IMPLEMENTATION_DEFINED = Map.of(
            "CPUACTLR_EL1", "s3_1_c15_c2_0",
            "CPUECTLR_EL1", "s3_1_c15_c2_1",
            "CPUMERRSR_EL1", "s3_1_c15_c2_2",
            "L2MERRSR_EL1", "s3_1_c15_c2_3",
            "L2CTLR_EL1", "s3_1_c11_c0_2",
            "L2ECTLR_EL1", "s3_1_c11_c0_3",
            "L2ACTLR_EL1", "s3_1_c15_c0_0");

    @Test
    void registerEncodingsMatchTheAssembler() throws Exception {
        Assumptions.assumeTrue(toolExists(AS) && toolExists(OBJCOPY), "aarch64-linux-gnu-as/objcopy not installed");
        List<SystemRegister> named = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (SystemRegister r : SystemRegisters.standard().registers()) {
            if (r.name().startsWith("S3_")) {
                continue; // reserved ID space: no name to assemble
            }
            named.add(r);
            String name = IMPLEMENTATION_DEFINED.getOrDefault(r.name(), r.name().toLowerCase());
            // Write-only registers (OSLAR_EL1, PMSWINC_EL0) assemble only as MSR.
            lines.add(r.readable() ? "mrs x0, " + name : "msr " + name + ", x0");
        }
        int[] words = assemble(lines);
        assertEquals(named.size(), words.length);
        for (int i = 0; i < words.length; i++) {
            assertEquals(named.get(i).key(), (words[i] >>> 5) & 0xFFFF, named.get(i).name());
        }
        for (String impdef : IMPLEMENTATION_DEFINED.keySet()) {
            assertTrue(named.stream().anyMatch(r -> r.name().equals(impdef)), impdef + " missing from the table");
        }
    }

    /** Every entry can be read or written: an entry with neither would make both MRS and MSR UNDEFINED. */
    @Test
    void everyRegisterCanBeReachedSomehow() {
        for (SystemRegister r : SystemRegisters.standard().registers()) {
            assertTrue(r.readable() || r.writable(), r.name());
        }
    }

    @Test
    void systemInstructionEncodingsMatchTheAssembler() throws Exception {
        Assumptions.assumeTrue(toolExists(AS) && toolExists(OBJCOPY), "aarch64-linux-gnu-as/objcopy not installed");
        List<SystemInstruction> all = new ArrayList<>(SystemRegisters.standard().instructions());
        List<String> lines = new ArrayList<>();
        for (SystemInstruction s : all) {
            String n = s.name().toLowerCase();
            boolean noOperand = n.startsWith("ic iallu") || n.contains("vmall") || n.contains(" alle");
            lines.add(noOperand ? n : n + ", x0");
        }
        int[] words = assemble(lines);
        assertEquals(all.size(), words.length);
        for (int i = 0; i < words.length; i++) {
            assertTrue((words[i] >>> 19 & 0x1FFF) == 0b1101010100001, all.get(i).name() + " is not SYS");
            assertEquals(all.get(i).key(), (words[i] >>> 5) & 0xFFFF, all.get(i).name());
        }
    }
}
