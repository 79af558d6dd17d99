package dev.hvlab.core.disasm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Real code as the judge: every instruction objdump -d finds in the AArch64 ELF files of
 * {@code cache/disasm-corpus/} (fetched by {@code scripts/fetch-disasm-corpus.sh}: busybox-static)
 * is disassembled by hvlab and compared with objdump's text. The agreement is reported over all
 * instructions and over those outside FP/AdvSIMD/SVE (the table is ARMv8.0: SVE, MTE, LSE, MOPS
 * are rightly undefined); the test asserts 99% on both. The differing instructions, grouped by
 * objdump's mnemonic, go to {@code target/disasm-diff.txt}.
 */
class DisassemblerCorpusTest {
    private static final double REQUIRED = 0.99;
    private static final int EXAMPLES = 8;

    @Test
    void busyboxAgreesWithObjdump() throws IOException {
        Assumptions.assumeTrue(Objdump.available(), Objdump.TOOL + " not installed");
        List<Path> elfs = corpus();
        Assumptions.assumeTrue(!elfs.isEmpty(),
                "no AArch64 ELF in cache/disasm-corpus: run scripts/fetch-disasm-corpus.sh");
        Disassembler d = new Disassembler();
        Tally all = new Tally();
        Tally integer = new Tally();
        Map<String, List<String>> byMnemonic = new TreeMap<>();
        for (Path elf : elfs) {
            for (String line : Objdump.run(Objdump.TOOL, "-d", elf.toString())) {
                Matcher m = Objdump.LINE.matcher(line);
                if (!m.matches() || m.group(3).startsWith(".word")) {
                    continue;
                }
                long pc = Long.parseUnsignedLong(m.group(1), 16);
                int word = (int) Long.parseLong(m.group(2), 16);
                String want = Objdump.normalise(m.group(3));
                String got = Objdump.normalise(d.disassemble(word, pc));
                boolean same = want.equals(got);
                boolean vector = isFpSimd(word);
                all.add(same);
                if (!vector) {
                    integer.add(same);
                }
                if (!same) {
                    String mnemonic = (vector ? "[fp/simd] " : "") + want.split(" ", 2)[0];
                    byMnemonic.computeIfAbsent(mnemonic, k -> new ArrayList<>())
                            .add(String.format("%s %s  objdump: %-44s hvlab: %s", m.group(1), m.group(2), want, got));
                }
            }
        }
        String summary = String.format("corpus %s%nall instructions:            %d of %d agree (%.3f%%)%n"
                        + "outside FP/AdvSIMD/SVE:      %d of %d agree (%.3f%%)%n",
                elfs, all.same, all.total, all.percent(), integer.same, integer.total, integer.percent());
        writeReport(summary, byMnemonic);
        System.out.print(summary);
        System.out.println("differences by mnemonic: target/disasm-diff.txt");
        assertTrue(integer.total > 0, "objdump found no instructions");
        assertTrue(integer.same >= REQUIRED * integer.total, summary);
        assertTrue(all.same >= REQUIRED * all.total, summary);
    }

    /** FP/AdvSIMD/SVE/SME encodings (ARM ARM C4.1 top-level op0), reported apart. */
    static boolean isFpSimd(int word) {
        int op0 = (word >>> 25) & 0xf;
        boolean dataProcessingSimd = (op0 & 7) == 7;
        // Bit 26 (V) set in a load/store is SIMD&FP, except in the FEAT_MOPS CPY* space.
        boolean mops = ((word >>> 27) & 7) == 3 && ((word >>> 24) & 3) == 1 && ((word >>> 10) & 3) == 1
                && (word & (1 << 21)) == 0;
        boolean simdLoadStore = (op0 & 5) == 4 && (word & (1 << 26)) != 0 && !mops;
        boolean sve = op0 == 2;
        boolean sme = op0 == 0 && word < 0;
        return dataProcessingSimd || simdLoadStore || sve || sme;
    }

    private static void writeReport(String summary, Map<String, List<String>> byMnemonic) throws IOException {
        StringBuilder sb = new StringBuilder(summary).append('\n');
        byMnemonic.entrySet().stream()
                .sorted((a, b) -> b.getValue().size() - a.getValue().size())
                .forEach(e -> {
                    sb.append(String.format("%-22s %6d%n", e.getKey(), e.getValue().size()));
                    e.getValue().stream().limit(EXAMPLES).forEach(x -> sb.append("    ").append(x).append('\n'));
                });
        Path out = Path.of("target", "disasm-diff.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, sb.toString());
    }

    /** The AArch64 ELF files under cache/disasm-corpus at the repository root. */
    private static List<Path> corpus() throws IOException {
        Path dir = null;
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path c = p.resolve("cache").resolve("disasm-corpus");
            if (Files.isDirectory(c)) {
                dir = c;
                break;
            }
        }
        if (dir == null) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(DisassemblerCorpusTest::isAarch64Elf).sorted().toList();
        }
    }

    private static boolean isAarch64Elf(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            byte[] h = in.readNBytes(20);
            // ELF magic, then e_machine (offset 18, little-endian) = EM_AARCH64 (183).
            return h.length == 20 && h[0] == 0x7f && h[1] == 'E' && h[2] == 'L' && h[3] == 'F'
                    && (h[18] & 0xff) == 183 && h[19] == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static final class Tally {
        long same;
        long total;

        void add(boolean ok) {
            total++;
            if (ok) {
                same++;
            }
        }

        double percent() {
            return total == 0 ? 0 : 100.0 * same / total;
        }
    }
}
