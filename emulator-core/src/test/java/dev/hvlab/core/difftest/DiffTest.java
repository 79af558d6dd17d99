package dev.hvlab.core.difftest;

import dev.hvlab.core.decode.Coverage;
import dev.hvlab.core.isa.A64;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The differential test against qemu-aarch64: generates programs from consecutive seeds, runs each
 * under QEMU and hvlab and compares them instruction by instruction.
 *
 * <p>Properties: {@code hvlab.seed} (the first program's seed; fresh when absent, always printed),
 * {@code hvlab.difftest.instructions} (random instructions in total), {@code hvlab.difftest.programLength}
 * (random instructions per program). A program of seed S is replayed alone with
 * {@code -Dhvlab.seed=S -Dhvlab.difftest.instructions=<programLength>}.
 *
 * <p>{@code main} serves CI ({@code live}) and the golden-file recorder
 * ({@code record FILE PROGRAMS}).
 */
public final class DiffTest {
    public static final int DEFAULT_PROGRAM_LENGTH = 500;
    /** Mismatch reports printed in full; the rest are only counted by culprit. */
    private static final int REPORTS_SHOWN = 20;

    /** The outcome of a run. */
    public record Summary(long firstSeed, int programs, long instructions, List<HvlabRunner.Mismatch> mismatches,
                          Map<String, Integer> byCulprit, int programLength, Map<String, Integer> terminations) {
        public String describe() {
            StringBuilder sb = new StringBuilder(String.format(
                    "difftest: seed %d, %d programs of %d, %d random instructions executed and compared, %d mismatching programs%n",
                    firstSeed, programs, programLength, instructions, mismatches.size()));
            sb.append("qemu terminations: ").append(terminations).append('\n');
            if (!mismatches.isEmpty()) {
                sb.append("mismatches by culprit: ").append(byCulprit).append('\n');
                for (int i = 0; i < Math.min(REPORTS_SHOWN, mismatches.size()); i++) {
                    sb.append(mismatches.get(i).report()).append('\n');
                }
                sb.append("replay one program: -Dhvlab.seed=<seed> -Dhvlab.difftest.instructions=")
                        .append(programLength).append('\n');
            }
            return sb.toString();
        }
    }

    private DiffTest() {
    }

    public static long seedProperty() {
        String s = System.getProperty("hvlab.seed");
        return s != null && !s.isBlank() ? Long.decode(s.trim()) : System.nanoTime() ^ System.currentTimeMillis() << 20;
    }

    public static long longProperty(String name, long dflt) {
        String s = System.getProperty(name);
        return s != null && !s.isBlank() ? Long.decode(s.trim().replace("_", "")) : dflt;
    }

    public static ProgramGenerator generator() {
        return new ProgramGenerator(A64.decoder(), Exclusions.load(), 0.10);
    }

    /** Runs programs from {@code seed} on until {@code instructions} random instructions were executed and compared. */
    public static Summary live(long seed, long instructions, int programLength, Path work, PrintStream log) {
        ProgramGenerator gen = generator();
        if (!gen.unbound().isEmpty()) {
            log.println("difftest: not generated, no semantics bound yet: " + gen.unbound());
        }
        QemuRunner qemu = new QemuRunner(work);
        List<HvlabRunner.Mismatch> mismatches = new ArrayList<>();
        Map<String, Integer> byCulprit = new TreeMap<>();
        Map<String, Integer> terminations = new TreeMap<>();
        long compared = 0;
        int programs = 0;
        long lastReport = System.nanoTime();
        Coverage coverage = new Coverage(A64.decoder());
        while (compared < instructions) {
            Program p = gen.generate(seed + programs, programLength);
            for (int i = p.prologueLength(); i < p.code().length - ProgramGenerator.EPILOGUE_LENGTH; i++) {
                coverage.add(p.code()[i]);
            }
            Trace t = qemu.run(p);
            HvlabRunner.Mismatch m = HvlabRunner.compare(p, t);
            terminations.merge(Trace.describe(t.termination()), 1, Integer::sum);
            if (m != null) {
                mismatches.add(m);
                byCulprit.merge(m.culprit(), 1, Integer::sum);
            }
            // random instructions executed: the epilogue (when reached) is not random
            compared += t.states().size() - (t.termination() == 0 ? ProgramGenerator.EPILOGUE_LENGTH : 0);
            programs++;
            if (System.nanoTime() - lastReport > 10_000_000_000L) {
                log.printf("difftest: %d programs, %d instructions, %d mismatches%n", programs, compared, mismatches.size());
                lastReport = System.nanoTime();
            }
        }
        log.print("difftest coverage of the encoding table (random words generated):\n" + coverage.report());
        return new Summary(seed, programs, compared, mismatches, byCulprit, programLength, terminations);
    }

    /** Records {@code programs} QEMU runs from {@code seed} on into a golden file. */
    public static void record(Path file, long seed, int programs, int programLength, Path work) throws IOException {
        ProgramGenerator gen = generator();
        QemuRunner qemu = new QemuRunner(work);
        List<GoldenFile.Entry> entries = new ArrayList<>();
        for (int i = 0; i < programs; i++) {
            Program p = gen.generate(seed + i, programLength);
            entries.add(new GoldenFile.Entry(p, qemu.run(p)));
        }
        try (OutputStream os = Files.newOutputStream(file)) {
            GoldenFile.write(os, entries);
        }
    }

    public static void main(String[] args) throws IOException {
        if (!QemuRunner.available()) {
            System.err.println("qemu-aarch64 not installed");
            System.exit(2);
        }
        Path work = Files.createTempDirectory("hvlab-difftest");
        long seed = seedProperty();
        int length = (int) longProperty("hvlab.difftest.programLength", DEFAULT_PROGRAM_LENGTH);
        try {
            if (args.length >= 3 && args[0].equals("record")) {
                record(Path.of(args[1]), seed, Integer.parseInt(args[2]), length, work);
                System.out.println("recorded " + args[2] + " programs from seed " + seed + " into " + args[1]);
                return;
            }
            long n = longProperty("hvlab.difftest.instructions", 1_000_000);
            System.out.println("difftest: seed " + seed + ", " + n + " instructions");
            Summary s = live(seed, n, length, work, System.out);
            System.out.print(s.describe());
            System.exit(s.mismatches().isEmpty() ? 0 : 1);
        } finally {
            try (var files = Files.list(work)) {
                files.forEach(f -> f.toFile().delete());
            }
            Files.deleteIfExists(work);
        }
    }
}
