package dev.hvlab.core.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.isa.A64;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The entry point the {@code hvlab user} command calls. */
class UserModeTest {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(Path program, UserMode.Options o) {
        return UserMode.run(program, List.of(), o, new PrintStream(out, true), new PrintStream(err, true));
    }

    @Test
    void aMissingProgramExits127() {
        assertEquals(127, run(Path.of("/nonexistent/prog"), UserMode.Options.defaults()));
        assertEquals("hvlab user: /nonexistent/prog: no such file\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aFileThatIsNotAnAarch64ExecutableExits126(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("script");
        Files.writeString(f, "#!/bin/sh\n");
        assertEquals(126, run(f, UserMode.Options.defaults()));
        assertEquals("hvlab user: " + f + ": not an ELF file\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void writesTheStateTraceToAFile(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(A64.decoder().isBound("MOVZ") && A64.decoder().isBound("SVC"),
                "MOVZ and SVC semantics not merged yet");
        Path trace = dir.resolve("trace.log");
        int status = run(GuestFiles.path("trace-tiny"), UserMode.Options.defaults().withTraceState(trace));
        assertEquals(3, status);
        assertEquals("hello\n", out.toString(StandardCharsets.UTF_8));
        List<String> lines = Files.readAllLines(trace);
        assertEquals(13 * 12, lines.size(), "13 instructions, 12 lines each");
        long entry = dev.hvlab.core.loader.ElfFile.read(GuestFiles.path("trace-tiny")).entry();
        assertTrue(lines.get(0).startsWith(String.format(" PC=%016x X00=0000000000000000", entry)), lines.get(0));
        assertEquals("PSTATE=00000000 ---- EL0t", lines.get(11), "Linux starts with NZCV clear");
    }
}
