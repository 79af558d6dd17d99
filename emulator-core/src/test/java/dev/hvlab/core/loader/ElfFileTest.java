package dev.hvlab.core.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ElfFileTest {
    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ElfFileTest.class.getResourceAsStream("/guest/" + name)) {
            assertNotNull(in, name);
            return in.readAllBytes();
        }
    }

    private static String message(byte[] bytes) {
        ElfFormatException e = assertThrows(ElfFormatException.class, () -> ElfFile.parse("prog", bytes));
        assertTrue(!e.getMessage().contains("\n"), "one line");
        return e.getMessage();
    }

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void parsesAGccBuiltStaticExecutable() throws Exception {
        ElfFile elf = ElfFile.parse("sort", resource("sort"));
        assertEquals(ElfFile.ET_EXEC, elf.type());
        assertTrue(elf.segments().stream().anyMatch(ElfFile.Segment::isLoad));
        ElfFile.Symbol start = elf.symbols().stream().filter(s -> s.name().equals("_start")).findFirst().orElseThrow();
        assertEquals(elf.entry(), start.value(), "the linker points e_entry at _start");
        assertEquals("_start", elf.symbolAt(elf.entry()).name());
        assertTrue(elf.sections().stream().anyMatch(s -> s.name().equals(".text")));
        assertTrue(!elf.hasInterpreter());
    }

    @Test
    void rejectsWhatIsNotAnElfFile() {
        assertEquals("prog: not an ELF file", message(new byte[0]));
        assertEquals("prog: not an ELF file", message("#!/bin/sh\necho hi\n".getBytes()));
    }

    @Test
    void rejectsATruncatedHeader() {
        assertEquals("prog: truncated ELF header", message(Arrays.copyOf(TestElf.executable(0), 40)));
    }

    @Test
    void rejectsTheWrongClassEncodingAndMachine() {
        byte[] b = TestElf.executable(0);
        b[4] = 1;
        assertEquals("prog: 32-bit ELF, not ELF64", message(b));
        b = TestElf.executable(0);
        b[5] = 2;
        assertEquals("prog: big-endian ELF, not little-endian", message(b));
        b = TestElf.executable(0);
        le(b).putShort(18, (short) 62);
        assertEquals("prog: ELF for machine 62, not AArch64", message(b));
    }

    @Test
    void rejectsATruncatedProgramHeader() {
        byte[] b = TestElf.executable(0);
        le(b).putShort(56, (short) 40);
        assertEquals("prog: truncated program header", message(b));
        b = TestElf.executable(0);
        le(b).putLong(32, -8);
        assertEquals("prog: truncated program header", message(b));
    }

    @Test
    void rejectsASegmentPastTheEndOfTheFile() {
        byte[] b = TestElf.executable(0);
        le(b).putLong(64 + 32, 0x10000); // p_filesz
        le(b).putLong(64 + 40, 0x10000);
        assertEquals("prog: segment 0 extends past the end of the file", message(b));
        b = TestElf.executable(0);
        le(b).putLong(64 + 8, Long.MAX_VALUE); // p_offset
        assertEquals("prog: segment 0 extends past the end of the file", message(b));
    }

    @Test
    void rejectsASegmentLargerInTheFileThanInMemory() {
        byte[] b = TestElf.executable(0, 0);
        le(b).putLong(64 + 40, 4);
        assertEquals("prog: segment 0 has a file size larger than its memory size", message(b));
    }

    @Test
    void rejectsBrokenSectionHeaders() throws IOException {
        byte[] b = resource("sort");
        le(b).putShort(60, (short) 1000); // e_shnum
        assertEquals("prog: truncated section header", message(b));
        b = resource("sort");
        le(b).putShort(62, (short) 999); // e_shstrndx
        assertTrue(message(b).startsWith("prog: section name table index 999"));
    }

    /** Whatever the damage, the parser answers with an ElfFormatException, never a runtime error. */
    @Test
    void survivesRandomCorruption() throws IOException {
        byte[] good = resource("hash");
        long seed = 0x5EED;
        Random r = new Random(seed);
        for (int round = 0; round < 3000; round++) {
            byte[] b = Arrays.copyOf(good, round % 3 == 0 ? r.nextInt(good.length) : good.length);
            int flips = 1 + r.nextInt(8);
            for (int k = 0; k < flips && b.length > 0; k++) {
                // Aim at the headers most of the time: that is where the structure is.
                int at = r.nextBoolean() ? r.nextInt(Math.min(b.length, 128)) : r.nextInt(b.length);
                b[at] = (byte) r.nextInt(256);
            }
            try {
                ElfFile.parse("prog", b);
            } catch (ElfFormatException expected) {
                assertTrue(expected.getMessage().startsWith("prog: "));
            } catch (RuntimeException e) {
                fail("seed " + seed + " round " + round + ": " + e, e);
            }
        }
    }
}
