package dev.hvlab.board.imx8qm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.config.BoardConfig;
import dev.hvlab.core.fdt.Fdt;
import dev.hvlab.core.fdt.FdtNode;
import dev.hvlab.core.spi.Providers;
import dev.hvlab.core.tools.ExternalTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The generated device tree: dtc accepts it without warnings, and its nodes are the board table's. */
class DeviceTreeTest {
    @TempDir
    Path dir;

    private static Fdt tree(BoardConfig b) {
        // Through the blob, so what is checked is what a guest gets.
        return Fdt.parse(DeviceTree.generate(b, b.cpuCount(), new DeviceTree.Chosen("console=ttyLP0", 0x9000_0000L,
                0x9010_0000L)).toDtb());
    }

    @ParameterizedTest
    @ValueSource(strings = {"imx8qm", "virt-compat"})
    void dtcDecompilesItWithoutWarnings(String name) throws Exception {
        Assumptions.assumeTrue(ExternalTool.isInstalled("dtc"), ExternalTool.notInstalled("dtc"));
        Path dtb = dir.resolve(name + ".dtb");
        Files.write(dtb, tree(Providers.board(name)).toDtb());
        Process p = new ProcessBuilder("dtc", "-I", "dtb", "-O", "dts", "-o", dir.resolve(name + ".dts").toString(),
                dtb.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(30, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), out);
        assertEquals("", out.trim(), "dtc warnings");
    }

    @ParameterizedTest
    @ValueSource(strings = {"imx8qm", "virt-compat"})
    void nodesMatchTheBoardTable(String name) {
        BoardConfig b = Providers.board(name);
        Fdt t = tree(b);
        BoardConfig.Ram ram = b.ram().get(0);
        FdtNode mem = t.node("/memory@" + Long.toHexString(ram.base()));
        assertNotNull(mem);
        assertArrayEquals(cells64(ram.base(), ram.size()), mem.cellsOf("reg"));
        int index = 0;
        for (BoardConfig.Cluster c : b.clusters()) {
            for (int core = 0; core < c.cpus(); core++, index++) {
                int aff = (c.mpidrAff1() << 8) | core;
                FdtNode cpu = t.node("/cpus/cpu@" + Integer.toHexString(aff));
                assertNotNull(cpu, "cpu " + index);
                assertArrayEquals(new int[] {aff}, cpu.cellsOf("reg"));
                assertEquals(List.of("arm," + c.coreType()), cpu.stringsOf("compatible"));
                assertEquals(List.of("psci"), cpu.stringsOf("enable-method"));
            }
        }
        assertEquals(b.cpuCount(), t.node("/cpus").children().size() - 1); // + cpu-map
        assertEquals(b.clusters().size(), t.node("/cpus/cpu-map").children().size());
        assertEquals(List.of("smc"), t.node("/psci").stringsOf("method"));
        BoardConfig.Device gicd = device(b, "gicd");
        BoardConfig.Device gicr = device(b, "gicr");
        FdtNode gic = t.node("/interrupt-controller@" + Long.toHexString(gicd.base()));
        assertNotNull(gic);
        assertEquals(List.of("arm,gic-v3"), gic.stringsOf("compatible"));
        assertArrayEquals(cells64(gicd.base(), 0x10000, gicr.base(), gicr.size()), gic.cellsOf("reg"));
        assertArrayEquals(new int[] {1, 9, 4}, gic.cellsOf("interrupts"));
        assertArrayEquals(new int[] {1, 13, 8, 1, 14, 8, 1, 11, 8, 1, 10, 8}, t.node("/timer").cellsOf("interrupts"));
        BoardConfig.Device uart = b.devices().stream().filter(d -> d.irqs().size() == 1).findFirst().orElseThrow();
        String uartName = uart.type().equals("nxp-lpuart") ? "serial" : "pl011";
        FdtNode u = t.node("/" + uartName + "@" + Long.toHexString(uart.base()));
        assertNotNull(u);
        assertArrayEquals(cells64(uart.base(), uart.size()), u.cellsOf("reg"));
        assertArrayEquals(new int[] {0, uart.irqs().get(0) - 32, 4}, u.cellsOf("interrupts"));
        assertEquals(List.of("/" + u.name()), t.node("/chosen").stringsOf("stdout-path"));
        assertEquals(List.of("console=ttyLP0"), t.node("/chosen").stringsOf("bootargs"));
        assertArrayEquals(cells64(0x9000_0000L), t.node("/chosen").cellsOf("linux,initrd-start"));
    }

    private static BoardConfig.Device device(BoardConfig b, String name) {
        return b.devices().stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow();
    }

    private static int[] cells64(long... values) {
        int[] c = new int[values.length * 2];
        for (int i = 0; i < values.length; i++) {
            c[2 * i] = (int) (values[i] >>> 32);
            c[2 * i + 1] = (int) values[i];
        }
        return c;
    }

    /**
     * Linux's CRNG is ready once 256 bits are credited (POOL_READY_BITS); a bootloader seed is
     * credited at 8 bits a byte. Without it the unseeded CRNG made every system call of a Linux
     * guest about 10,000 instructions dearer (docs/WORKLOADS.md, "Entropy").
     */
    @ParameterizedTest
    @ValueSource(strings = {"imx8qm", "virt-compat"})
    void chosenCarriesAnRngSeedForLinuxsCrng(String name) {
        BoardConfig b = Providers.board(name);
        byte[] seed = tree(b).node("/chosen").property("rng-seed");
        assertNotNull(seed, "/chosen/rng-seed");
        assertTrue(seed.length * 8 >= 256, seed.length + " bytes");
        assertArrayEquals(seed, tree(b).node("/chosen").property("rng-seed"), "the same on every boot");
        assertTrue(java.util.stream.IntStream.range(0, seed.length).map(i -> seed[i]).distinct().count() > 16,
                "not a constant fill");
    }
}
