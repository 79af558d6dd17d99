package dev.hvlab.core.difftest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.decode.Decoder;
import dev.hvlab.core.decode.Pattern;
import dev.hvlab.core.isa.A64;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Tool-free checks that the differential tester can fail, and that its programs keep their promises. */
class HarnessSelfTest {
    private static GoldenFile.Entry firstGolden() throws Exception {
        try (InputStream in = HarnessSelfTest.class.getResourceAsStream(DifferentialGoldenTest.GOLDEN)) {
            assertNotNull(in);
            return GoldenFile.read(in).get(0);
        }
    }

    @Test
    void goldenRecordsSurviveARoundTrip() throws Exception {
        GoldenFile.Entry e = firstGolden();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        GoldenFile.write(bytes, List.of(e));
        GoldenFile.Entry back = GoldenFile.read(new ByteArrayInputStream(bytes.toByteArray())).get(0);
        assertArrayEquals(e.program().code(), back.program().code());
        assertArrayEquals(e.program().data(), back.program().data());
        assertEquals(e.trace().states().size(), back.trace().states().size());
        for (int i = 0; i < e.trace().states().size(); i++) {
            assertArrayEquals(e.trace().states().get(i), back.trace().states().get(i));
        }
        assertArrayEquals(e.trace().stdout(), back.trace().stdout());
    }

    @Test
    void aWrongRegisterFlagOrByteIsReported() throws Exception {
        GoldenFile.Entry e = firstGolden();
        Trace t = e.trace();
        assertNull(HvlabRunner.compare(e.program(), t), "the unmodified record must match");

        List<long[]> states = copy(t.states());
        states.get(50)[5] ^= 1L << 40;
        HvlabRunner.Mismatch m = HvlabRunner.compare(e.program(), new Trace(states, t.termination(), t.stdout()));
        assertNotNull(m);
        assertTrue(m.report().contains("before body instruction #50"), m.report());
        assertTrue(m.report().contains("X5"), m.report());

        states = copy(t.states());
        states.get(70)[State.NZCV] ^= 4;
        m = HvlabRunner.compare(e.program(), new Trace(states, t.termination(), t.stdout()));
        assertNotNull(m);
        assertTrue(m.report().contains("before body instruction #70"), m.report());

        byte[] out = t.stdout().clone();
        out[123] ^= 1;
        m = HvlabRunner.compare(e.program(), new Trace(t.states(), t.termination(), out));
        assertNotNull(m);
        assertEquals("stdout", m.culprit());

        m = HvlabRunner.compare(e.program(), new Trace(t.states().subList(0, 10), t.termination(), t.stdout()));
        assertNotNull(m);
        assertEquals("termination", m.culprit());
    }

    private static List<long[]> copy(List<long[]> states) {
        List<long[]> c = new ArrayList<>();
        for (long[] s : states) {
            c.add(s.clone());
        }
        return c;
    }

    @Test
    void theSameSeedGivesTheSameProgram() {
        ProgramGenerator gen = DiffTest.generator();
        assertArrayEquals(gen.generate(77, 300).code(), gen.generate(77, 300).code());
        assertArrayEquals(gen.generate(77, 300).data(), gen.generate(77, 300).data());
    }

    /**
     * Every body word is allocated and not excluded, never writes the scratch base, and every
     * direct branch goes forward to an instruction of the program.
     */
    @Test
    void programsKeepTheirConstraints() {
        Decoder dec = A64.decoder();
        Exclusions ex = Exclusions.load();
        ProgramGenerator gen = new ProgramGenerator(dec, ex, 0);
        Set<String> seen = new HashSet<>();
        for (long seed = 0; seed < 50; seed++) {
            Program p = gen.generate(seed, 500);
            int end = p.code().length - ProgramGenerator.EPILOGUE_LENGTH;
            for (int i = p.prologueLength(); i < end; i++) {
                int w = p.code()[i];
                Pattern pat = dec.match(w);
                assertNotNull(pat, String.format("seed %d word %d %08x unallocated", seed, i, w));
                assertTrue(dec.isAllocated(w), String.format("%08x", w));
                assertNull(ex.reason(pat, w), String.format("%08x", w));
                seen.add(pat.name());
                for (String f : List.of("rd", "rt", "rt2", "rs")) {
                    if (pat.hasField(f) && !pat.shouldBeOne().contains(f)) {
                        assertTrue(pat.field(f).extract(w) != Program.BASE_REG,
                                String.format("seed %d word %d %08x %s has X28 in %s", seed, i, w, pat.name(), f));
                    }
                }
                if (pat.name().endsWith("_pre") || pat.name().endsWith("_post")) {
                    assertTrue(pat.field("rn").extract(w) != Program.BASE_REG, String.format("%08x writes back X28", w));
                }
                int off = switch (pat.name()) {
                    case "B", "BL" -> (int) signed(w, 0, 26);
                    case "B_cond", "CBZ", "CBNZ" -> (int) signed(w, 5, 19);
                    case "TBZ", "TBNZ" -> (int) signed(w, 5, 14);
                    default -> 0;
                };
                if (off != 0) {
                    assertTrue(off > 0 && i + off <= end, String.format("seed %d: branch %08x at %d", seed, w, i));
                }
            }
        }
        Set<String> missing = new HashSet<>();
        for (Pattern pat : gen.pool()) {
            if (!seen.contains(pat.name())) {
                missing.add(pat.name());
            }
        }
        assertTrue(missing.isEmpty(), "never generated: " + missing);
    }

    private static long signed(int w, int pos, int len) {
        return ((long) w << (64 - pos - len)) >> (64 - len);
    }

    @Test
    void exclusionRulesMatchFieldRelations() {
        Exclusions ex = Exclusions.parse("LDST_(pre|post) rn=rt rn!=31 : writeback\n");
        Pattern pre = A64.decoder().table().pattern("LDST_pre");
        int w = pre.field("rt").insert(pre.field("rn").insert(pre.value(), 5), 5);
        assertNotNull(ex.reason(pre, w));
        assertNull(ex.reason(pre, pre.field("rt").insert(w, 6)));
        int sp = pre.field("rt").insert(pre.field("rn").insert(pre.value(), 31), 31);
        assertNull(ex.reason(pre, sp), "Rn = SP and Rt = XZR are different registers");
    }
}
