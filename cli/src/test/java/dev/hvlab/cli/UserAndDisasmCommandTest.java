package dev.hvlab.cli;

import static dev.hvlab.cli.CliRun.hvlab;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hvlab user} and {@code hvlab disasm} on the guest programs the core's tests carry. */
class UserAndDisasmCommandTest {
    private static final Path GUEST = Path.of(System.getProperty("hvlab.root", ".."),
            "emulator-core", "src", "test", "resources", "guest");

    @TempDir
    Path dir;

    /** Runs hvlab with System.out/err captured (the commands write the guest's bytes there directly). */
    private static String[] captured(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            CliRun r = hvlab(args);
            return new String[] {Integer.toString(r.status()), out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8) + r.err()};
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void userRunsAStaticProgramAndReturnsItsExitCode() throws IOException {
        String[] r = captured("user", GUEST.resolve("sort").toString());
        assertEquals(Files.readString(GUEST.resolve("sort.expected")), r[1]);
        assertEquals(Files.readString(GUEST.resolve("sort.status")).trim(), r[0], r[2]);
    }

    @Test
    void userRejectsANonElfWithOneLine() throws IOException {
        Path bogus = Files.write(dir.resolve("prog"), new byte[64]);
        String[] r = captured("user", bogus.toString(), "--frobnicate");
        assertEquals("126", r[0]);
        assertEquals(1, r[2].lines().count(), r[2]);
    }

    @Test
    void disasmPrintsSectionsLabelsAndInstructionsAsObjdumpDoes() {
        String[] r = captured("disasm", GUEST.resolve("sort").toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("Disassembly of section .text:"), r[1]);
        assertTrue(r[1].contains("<_start>:"), r[1]);
        assertTrue(r[1].lines().anyMatch(l -> l.matches("\\s+[0-9a-f]+:\\t[0-9a-f]{8} \\t\\S+.*")), r[1]);
    }

    @Test
    void disasmOfAMalformedElfIsOneLineAndExit2() throws IOException {
        Path bogus = Files.write(dir.resolve("bad.elf"), new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1});
        assertTrue(hvlab("disasm", bogus.toString()).oneLineError(2).contains("bad.elf"));
    }
}
