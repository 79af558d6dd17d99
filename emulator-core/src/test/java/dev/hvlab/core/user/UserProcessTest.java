package dev.hvlab.core.user;

import static dev.hvlab.core.user.MiniIsa.adr;
import static dev.hvlab.core.user.MiniIsa.b;
import static dev.hvlab.core.user.MiniIsa.ldr;
import static dev.hvlab.core.user.MiniIsa.movz;
import static dev.hvlab.core.user.MiniIsa.svc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.loader.ElfFile;
import dev.hvlab.core.loader.TestElf;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whole runs of small programs under the test instruction subset ({@link MiniIsa}). */
class UserProcessTest {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(UserMode.Options opts, int... code) throws Exception {
        ElfFile elf = ElfFile.parse("prog", TestElf.executable(code));
        UserProcess p = new UserProcess(elf, List.of("prog"), opts, new PrintStream(out, true),
                new PrintStream(err, true), MiniIsa.decoder(), "/bin/prog");
        return p.run(opts.maxInstructions());
    }

    int run(int... code) throws Exception {
        return run(UserMode.Options.defaults(), code);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    static int[] concat(int[] code, int... data) {
        int[] r = java.util.Arrays.copyOf(code, code.length + data.length);
        System.arraycopy(data, 0, r, code.length, data.length);
        return r;
    }

    @Test
    void writesToStdoutAndExitsWithTheProgramsStatus() throws Exception {
        int[] code = {
            movz(0, 1), adr(1, 7 * 4), movz(2, 6), movz(8, 64), svc(),   // write(1, msg, 6): msg follows exit
            movz(0, 3), movz(8, 93), svc(),                             // exit(3)
        };
        int[] prog = concat(code, 0x6c6c6568, 0x00000a6f); // "hello\n"
        assertEquals(3, run(prog));
        assertEquals("hello\n", out.toString(StandardCharsets.UTF_8));
        assertEquals("", err());
    }

    @Test
    void anEmulatedMrsOfMidrReturnsTheCortexA72Value() throws Exception {
        int mrsMidr = 0xD5380000; // MRS x0, MIDR_EL1
        // exit_group(MIDR & 0xff): 0x410fd083 -> 0x83
        assertEquals(0x83, run(mrsMidr, movz(8, 94), svc()));
    }

    @Test
    void anUndefinedInstructionEndsTheRunLikeSigill() throws Exception {
        assertEquals(132, run(movz(0, 1), 0x00000000));
        assertEquals("hvlab user: illegal instruction at 0x400104: 0x00000000 (unallocated)\n", err());
    }

    @Test
    void anUnboundPatternIsReportedByName() throws Exception {
        int addImm = MiniIsa.ENC.encode("ADD_i", "sf", 1, "imm12", 1, "rn", 0, "rd", 0);
        assertEquals(132, run(addImm));
        assertTrue(err().contains("(ADD_i)"), err());
    }

    @Test
    void aLoadFromAnUnmappedAddressIsASegmentationFault() throws Exception {
        assertEquals(139, run(movz(1, 0x10), ldr(0, 1, 8)));
        assertEquals("hvlab user: SIGSEGV: segmentation fault: read of 0x18 (not mapped) at pc 0x400104\n", err());
    }

    @Test
    void jumpingIntoTheStackIsAnExecutionFault() throws Exception {
        // x1 = 0x5500800000 built from movz pieces is more than MiniIsa offers: run off the end instead.
        assertEquals(139, run(b(0x10000)));
        assertTrue(err().contains("execution of 0x410100 (not mapped)"), err());
    }

    @Test
    void anUnknownSyscallReturnsEnosysAndIsReportedOnce() throws Exception {
        int[] code = {movz(8, 999), svc(), movz(8, 999), svc(), movz(8, 94), svc()};
        assertEquals((-38) & 0xFF, run(code));
        assertEquals("hvlab user: unimplemented syscall 999 (unknown)\n", err());
    }

    @Test
    void theInstructionLimitStopsAnEndlessLoop() throws Exception {
        assertEquals(152, run(UserMode.Options.defaults().withMaxInstructions(1000), b(0)));
        assertTrue(err().startsWith("hvlab user: instruction limit of 1000 reached"), err());
    }
}
