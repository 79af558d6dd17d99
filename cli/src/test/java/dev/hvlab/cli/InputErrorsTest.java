package dev.hvlab.cli;

import static dev.hvlab.cli.CliRun.hvlab;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Missing files, invalid configs and unknown names: one line naming the culprit, status 2. */
class InputErrorsTest {
    @TempDir
    Path dir;
    Path kernel;

    @BeforeEach
    void kernel() throws IOException {
        kernel = Files.write(dir.resolve("Image"), new byte[64]);
    }

    /** The shipped imx8qm board file, as text to edit. */
    private static String imx8qmJson() throws IOException {
        try (InputStream in = InputErrorsTest.class.getResourceAsStream("/dev/hvlab/board/imx8qm/imx8qm.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void missingKernelIsNamed() {
        Path missing = dir.resolve("missing.img");
        String line = hvlab("boot", "--kernel", missing.toString()).oneLineError(2);
        assertEquals("hvlab boot: kernel image '" + missing + "' does not exist", line);
    }

    @Test
    void kernelThatIsADirectoryIsNamed() {
        String line = hvlab("boot", "--kernel", dir.toString()).oneLineError(2);
        assertEquals("hvlab boot: kernel image '" + dir + "' is a directory, not a file", line);
    }

    @Test
    void boardFileWithUnknownFieldNamesFileLineAndField() throws IOException {
        Path board = dir.resolve("board.json");
        Files.writeString(board, imx8qmJson().replace("\"cpus\": 4,", "\"cpus\": 4, \"threads\": 2,"));
        String line = hvlab("boot", "--board", board.toString(), "--kernel", kernel.toString()).oneLineError(2);
        assertTrue(line.startsWith("hvlab boot: " + board + ":9:"), line);
        assertTrue(line.contains("unknown field 'threads' in 'clusters[0]'"), line);
    }

    @Test
    void boardFileWithMissingFieldNamesIt() throws IOException {
        Path board = dir.resolve("board.json");
        Files.writeString(board, imx8qmJson().replace("\"counterFrequencyHz\": 8000000,", ""));
        String line = hvlab("dtb", "--board", board.toString(), "-o", dir.resolve("b.dtb").toString()).oneLineError(2);
        assertTrue(line.startsWith("hvlab dtb: " + board + ":"), line);
        assertTrue(line.endsWith("missing required field 'counterFrequencyHz'"), line);
    }

    @Test
    void boardFileWithWrongTypeNamesTheField() throws IOException {
        Path board = dir.resolve("board.json");
        Files.writeString(board, imx8qmJson().replace("\"cpus\": 2,", "\"cpus\": \"two\","));
        String line = hvlab("boot", "--board", board.toString(), "--kernel", kernel.toString()).oneLineError(2);
        assertTrue(line.contains("wrong type for field 'clusters[1].cpus': expected an integer, got a string"), line);
    }

    @Test
    void boardFileThatBreaksARuleSaysWhich() throws IOException {
        Path board = dir.resolve("board.json");
        Files.writeString(board, imx8qmJson().replace("\"base\": \"0x5a06_0000\"", "\"base\": \"0x51a0_0000\""));
        String line = hvlab("boot", "--board", board.toString(), "--kernel", kernel.toString()).oneLineError(2);
        assertTrue(line.contains("device 'gicd' overlaps device 'lpuart0'"), line);
    }

    @Test
    void missingBoardFileIsNamed() {
        Path board = dir.resolve("nope.json");
        String line = hvlab("boot", "--board", board.toString(), "--kernel", kernel.toString()).oneLineError(2);
        assertEquals("hvlab boot: board config '" + board + "' does not exist", line);
    }

    @Test
    void unknownBoardNameListsTheKnownOnes() {
        String line = hvlab("boot", "--board", "rpi4", "--kernel", kernel.toString()).oneLineError(2);
        assertEquals("hvlab boot: unknown board 'rpi4' (known: imx8qm, virt-compat)", line);
    }

    @Test
    void unknownHypervisorListsTheKnownOnes() {
        String line = hvlab("boot", "--kernel", kernel.toString(), "--hypervisor", "vmware").oneLineError(2);
        assertEquals("hvlab boot: unknown hypervisor model 'vmware' (known: jailhouse, kvm, xen, xvisor)", line);
    }

    @Test
    void tooManyCpusIsAUsageError() {
        String line = hvlab("boot", "--kernel", kernel.toString(), "--cpus", "7").oneLineError(2);
        assertEquals("hvlab boot: --cpus 7: board 'imx8qm' has 6 CPUs", line);
    }

    @Test
    void missingUserProgramIsNamed() {
        Path missing = dir.resolve("prog");
        assertEquals("hvlab user: program '" + missing + "' does not exist",
                hvlab("user", missing.toString()).oneLineError(2));
    }

    @Test
    void missingDisasmFileIsNamed() {
        Path missing = dir.resolve("prog.elf");
        assertEquals("hvlab disasm: ELF file '" + missing + "' does not exist",
                hvlab("disasm", missing.toString()).oneLineError(2));
    }

    @Test
    void unknownWorkloadIsAUsageError() {
        assertEquals("hvlab run: unknown workload 'linpack' (known: dhrystone, ipi_latency, microbench, timer_latency, "
                + "timer_latency_interference, whetstone)", hvlab("run", "linpack").oneLineError(2));
    }

    @Test
    void missingBaselineIsNamed() {
        Path missing = dir.resolve("baseline.json");
        assertEquals("hvlab compare: baseline '" + missing + "' does not exist",
                hvlab("compare", "--hypervisors", "native,xen", "--baseline", missing.toString()).oneLineError(2));
    }
}
