package dev.hvlab.core.user;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hvlab.core.isa.A64;
import dev.hvlab.core.loader.ElfFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 4, "Differential testing": C programs built {@code -static -O3} against glibc
 * (src/test/guest/glibc: auto-vectorized loops, printf of floats, libm in every rounding mode,
 * the vectorized string functions, NEON intrinsics) print under hvlab's user mode exactly what they
 * printed under qemu-aarch64 -cpu cortex-a72 (recorded beside them), byte for byte, and exit with
 * the same status.
 */
class GlibcProgramsTest {
    static Stream<String> programs() {
        return Stream.of("vecint", "vecfloat", "printf", "libm", "rounding", "strfuncs", "qsortd", "strtod", "matmul",
                "whetstone", "simdint", "crypto");
    }

    @ParameterizedTest
    @MethodSource("programs")
    void printsWhatQemuPrinted(String program) throws Exception {
        String name = "glibc/" + program;
        ElfFile elf = ElfFile.read(GuestFiles.path(name));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        UserProcess p = new UserProcess(elf, List.of("./" + program), UserMode.Options.defaults(),
                new PrintStream(out, true), new PrintStream(err, true), A64.decoder(), "/x/" + program);
        int status = p.run(2_000_000_000L);
        assertEquals("", err.toString(StandardCharsets.UTF_8), "diagnostics");
        assertEquals(Files.readString(GuestFiles.path(name + ".expected")), out.toString(StandardCharsets.UTF_8));
        assertArrayEquals(GuestFiles.bytes(name + ".expected"), out.toByteArray());
        assertEquals(Integer.parseInt(Files.readString(GuestFiles.path(name + ".status")).trim()), status);
    }

    /** The recorded outputs are still what qemu prints (they are the oracle of the test above). */
    @ParameterizedTest
    @MethodSource("programs")
    void recordedOutputIsQemusLive(String program) throws Exception {
        Assumptions.assumeTrue(GuestFiles.qemuInstalled(), "qemu-aarch64 not installed");
        String name = "glibc/" + program;
        GuestFiles.QemuRun r = GuestFiles.qemu(name, List.of(), List.of());
        assertArrayEquals(GuestFiles.bytes(name + ".expected"), r.stdout());
        assertEquals(Integer.parseInt(Files.readString(GuestFiles.path(name + ".status")).trim()), r.status());
    }
}
