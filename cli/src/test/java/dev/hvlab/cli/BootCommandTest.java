package dev.hvlab.cli;

import static dev.hvlab.cli.CliRun.hvlab;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.asm.Assembler;
import dev.hvlab.core.difftest.ElfWriter;
import dev.hvlab.core.fdt.Fdt;
import dev.hvlab.core.firmware.Psci;
import dev.hvlab.core.machine.RunResult;
import dev.hvlab.core.semihosting.Semihosting;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hvlab boot} and {@code hvlab dtb} end to end: output, exit statuses, stats, one-line errors. */
class BootCommandTest {
    private static final long VIRT_RAM = 0x4000_0000L;
    private static final long PL011 = 0x0900_0000L;

    @TempDir
    Path dir;

    private Path elf(String name, Assembler a) throws IOException {
        byte[] bytes = ElfWriter.write(a.base(), List.of(new ElfWriter.Segment(a.base(), a.bytes(), a.bytes().length,
                ElfWriter.PF_R | ElfWriter.PF_X)));
        return Files.write(dir.resolve(name), bytes);
    }

    /** Prints "hi\n" through the PL011 and calls PSCI SYSTEM_OFF. */
    private Path hello() throws IOException {
        Assembler a = new Assembler(VIRT_RAM + 0x8_0000);
        a.mov(1, PL011);
        for (char c : "hi\n".toCharArray()) {
            a.mov(3, c);
            a.strw(3, 1, 0);
        }
        a.mov(0, Psci.SYSTEM_OFF & 0xFFFF_FFFFL);
        a.smc(0);
        return elf("hello.elf", a);
    }

    @Test
    void helloOnVirtCompatPrintsAndExitsZeroWithASummary() throws IOException {
        CliRun r = hvlab("boot", "--board", "virt-compat", "--kernel", hello().toString());
        assertEquals(0, r.status(), r.err());
        assertEquals("hi\n", r.out());
        assertTrue(r.err().startsWith("hvlab: exit 0 (PSCI SYSTEM_OFF); "), r.err());
        assertTrue(r.err().contains(" instructions, ") && r.err().contains(" MIPS"), r.err());
    }

    /** Echoes what the PL011 receives until '!', then SYSTEM_OFF. */
    @Test
    void serialInputFromAFileReachesTheGuestsUart() throws IOException {
        Assembler a = new Assembler(VIRT_RAM + 0x8_0000);
        Assembler.Label poll = a.newLabel();
        a.mov(1, PL011);
        a.bind(poll);
        a.ldrw(2, 1, 0x18); // UARTFR
        a.tbnz(2, 4, poll); // RXFE: nothing received yet
        a.ldrw(3, 1, 0);
        a.strw(3, 1, 0);
        a.cmp(3, '!');
        a.bCond(1, poll); // NE
        a.mov(0, Psci.SYSTEM_OFF & 0xFFFF_FFFFL);
        a.smc(0);
        Path input = Files.writeString(dir.resolve("input.txt"), "typed!ignored");
        CliRun r = hvlab("boot", "--board", "virt-compat", "--quiet", "--serial-input", input.toString(),
                "--kernel", elf("echo.elf", a).toString());
        assertEquals(0, r.status(), r.err());
        assertEquals("typed!", r.out());
        CliRun none = hvlab("boot", "--board", "virt-compat", "--serial-input", "none", "--max-time", "5ms",
                "--kernel", elf("echo2.elf", a).toString());
        assertEquals(RunResult.LIMIT_REACHED, none.status(), none.err());
        assertEquals("", none.out());
        String line = hvlab("boot", "--board", "virt-compat", "--serial-input", "missing.txt", "--kernel",
                elf("echo3.elf", a).toString()).oneLineError(2);
        assertEquals("hvlab boot: serial input file 'missing.txt' does not exist", line);
    }

    @Test
    void quietSuppressesTheSummaryAndStatsAreWritten() throws IOException {
        Path stats = dir.resolve("stats.json");
        Path serial = dir.resolve("serial.txt");
        CliRun r = hvlab("boot", "--board", "virt-compat", "--kernel", hello().toString(), "--quiet",
                "--stats", stats.toString(), "--serial", serial.toString(), "--cpus", "1");
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err());
        assertEquals("hi\n", Files.readString(serial));
        String json = Files.readString(stats);
        // MOVZ X1; 3 x (MOVZ, STR); MOVZ+MOVK for the function ID: 9 retired. The SMC is taken as an
        // exception serviced by the firmware model, which Cpu.run does not count as retired.
        assertTrue(json.contains("\"instructions\" : 9,"), json);
        assertTrue(json.contains("\"cycles\" : 9"), json);
        // 9 cycles (functional: 1 per instruction) of a 1.6 GHz Cortex-A72 = 5625 ps.
        assertTrue(json.contains("\"simulatedPs\" : 5625,"), json);
        assertTrue(json.contains("\"coreType\" : \"cortex-a72\""), json);
    }

    @Test
    void approximateTimingWritesGem5StyleStatistics() throws IOException {
        Path stats = dir.resolve("stats.json");
        CliRun r = hvlab("boot", "--board", "virt-compat", "--kernel", hello().toString(), "--quiet",
                "--timing", "approximate", "--stats", stats.toString(), "--cpus", "1");
        assertEquals(0, r.status(), r.err());
        assertEquals("hi\n", r.out());
        String json = Files.readString(stats);
        assertTrue(json.contains("\"timingModel\" : \"approximate\""), json);
        assertTrue(json.contains("\"dcache\"") && json.contains("\"overallMisses\""), json);
        assertTrue(json.contains("\"l2_cortex_a72\""), json);
        assertTrue(json.contains("\"branchPred\""), json);
        // The same 9 instructions, now priced above one cycle each (cold caches, DRAM fetches).
        assertTrue(json.contains("\"instructions\" : 9,"), json);
        assertFalse(json.contains("\"cycles\" : 9\n"), json);
    }

    @Test
    void semihostingExitCodeBecomesTheStatus() throws IOException {
        Assembler a = new Assembler(VIRT_RAM + 0x8_0000);
        Assembler.Label block = a.newLabel();
        a.mov(0, Semihosting.SYS_EXIT_EXTENDED);
        a.adr(1, block);
        a.emit("HLT", "imm16", Semihosting.HLT_IMMEDIATE);
        a.bind(block);
        long reason = Semihosting.ADP_STOPPED_APPLICATION_EXIT;
        a.word((int) reason).word((int) (reason >>> 32)).word(7).word(0);
        CliRun r = hvlab("boot", "--board", "virt-compat", "--semihosting", "--kernel", elf("exit7.elf", a).toString(),
                "--quiet");
        assertEquals(7, r.status(), r.err());
    }

    @Test
    void instructionLimitAndDeadlockHaveTheirOwnStatuses() throws IOException {
        Assembler spin = new Assembler(VIRT_RAM + 0x8_0000);
        Assembler.Label self = spin.newLabel();
        spin.bind(self);
        spin.b(self);
        CliRun r = hvlab("boot", "--board", "virt-compat", "--kernel", elf("spin.elf", spin).toString(),
                "--max-instructions", "1000");
        assertEquals(4, r.status(), r.err());
        assertTrue(r.err().startsWith("hvlab: exit 4 (instruction limit reached); 1000 instructions"), r.err());

        CliRun t = hvlab("boot", "--board", "virt-compat", "--kernel", elf("spin2.elf", spin).toString(),
                "--max-time", "10us");
        assertEquals(4, t.status(), t.err());
        assertTrue(t.err().contains("simulated time limit reached"), t.err());

        Assembler wfi = new Assembler(VIRT_RAM + 0x8_0000);
        wfi.word(0xD503207F); // WFI with nothing that can wake it
        CliRun d = hvlab("boot", "--board", "virt-compat", "--kernel", elf("wfi.elf", wfi).toString());
        assertEquals(5, d.status(), d.err());
        assertTrue(d.err().contains("deadlock"), d.err());
    }

    @Test
    void bootTimeErrorsAreOneLineEach() throws IOException {
        Path badElf = Files.write(dir.resolve("bad.elf"), new byte[] {0x7F, 'E', 'L', 'F', 1, 1, 1, 0});
        String line = hvlab("boot", "--kernel", badElf.toString()).oneLineError(2);
        assertTrue(line.startsWith("hvlab boot: " + badElf + ": "), line);

        // An arm64 Image header whose image_size (4 GiB) exceeds the virt board's 1 GiB of RAM.
        ByteBuffer image = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        image.putLong(8, 0x8_0000).putLong(16, 4L << 30).putInt(56, 0x644D5241);
        Path big = Files.write(dir.resolve("Image"), image.array());
        line = hvlab("boot", "--board", "virt-compat", "--kernel", big.toString()).oneLineError(2);
        assertTrue(line.contains("does not fit in RAM"), line);

        Path badDtb = Files.write(dir.resolve("bad.dtb"), "not a dtb".getBytes(StandardCharsets.US_ASCII));
        line = hvlab("boot", "--board", "virt-compat", "--kernel", hello().toString(), "--dtb", badDtb.toString())
                .oneLineError(2);
        assertTrue(line.startsWith("hvlab boot: " + badDtb + ": not a valid device tree blob"), line);

        Path junk = Files.write(dir.resolve("junk"), new byte[128]);
        line = hvlab("boot", "--kernel", junk.toString()).oneLineError(2);
        assertEquals("hvlab boot: " + junk + ": neither an ELF file nor an arm64 Image", line);

        for (var p : dev.hvlab.core.spi.Providers.hypervisors()) {
            if (p.create(null) == null) { // a registered model that cannot be built yet, while there is one
                line = hvlab("boot", "--kernel", hello().toString(), "--hypervisor", p.name()).oneLineError(2);
                assertTrue(line.contains("--hypervisor " + p.name() + ": the model is not available yet"), line);
            }
        }
        line = hvlab("boot", "--kernel", hello().toString(), "--hypervisor", "hyperv").oneLineError(2);
        assertTrue(line.contains("unknown hypervisor model 'hyperv'"), line);
        line = hvlab("boot", "--kernel", hello().toString(), "--timing", "exact").oneLineError(2);
        assertTrue(line.contains("--timing 'exact'"), line);
        line = hvlab("boot", "--kernel", hello().toString(), "--max-time", "soon").oneLineError(2);
        assertTrue(line.contains("--max-time 'soon'"), line);
    }

    @Test
    void dtbWritesTheBoardsTree() throws IOException {
        Path out = dir.resolve("imx8qm.dtb");
        CliRun r = hvlab("dtb", "--board", "imx8qm", "-o", out.toString());
        assertEquals(0, r.status(), r.err());
        Fdt t = Fdt.parse(Files.readAllBytes(out));
        assertEquals(List.of("fsl,imx8qm-lpuart", "fsl,imx7ulp-lpuart"), t.node("/serial@5a060000").stringsOf("compatible"));
        assertEquals(7, t.node("/cpus").children().size()); // 6 CPUs + cpu-map
    }

    @Test
    void withoutAKernelTheBuiltInSmpDemoRunsOnEveryCpu() {
        CliRun r = hvlab("boot", "--quiet");
        assertEquals(0, r.status(), r.err());
        assertEquals("cpu 0000\ncpu 0001\ncpu 0002\ncpu 0003\ncpu 0100\ncpu 0101\n", r.out());
        CliRun two = hvlab("boot", "--quiet", "--board", "virt-compat", "--cpus", "1");
        assertEquals("cpu 0000\n", two.out(), two.err());
        assertEquals(2, hvlab("boot", "--append", "console=ttyLP0").status());
    }
}
