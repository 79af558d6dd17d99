package dev.hvlab.hv.kvm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.fdt.Fdt;
import dev.hvlab.core.fdt.FdtNode;
import dev.hvlab.core.mem.PhysicalMemory;
import dev.hvlab.core.tools.ExternalTool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The VMM's device tree for the VM, checked against the bindings it follows (virtio/mmio.yaml,
 * arm/psci.yaml, interrupt-controller/arm,gic-v3.yaml, arm/cpus.yaml) and the default config.
 */
class GuestDeviceTreeTest {
    private static final long GICD = 0x51A0_0000L;
    private static final long GICR = 0x51B0_0000L;

    private static List<Vcpu> vcpus() {
        return List.of(new Vcpu(0, 0, 0), new Vcpu(1, 1, 0x1000));
    }

    @Test
    void theTreeDescribesTheVmAndItsVirtioConsole() {
        KvmConfig c = KvmConfig.defaults(6, false);
        Fdt fdt = Fdt.parse(GuestDeviceTree.build(c, GICD, GICR, vcpus(), "console=hvc0", 0xBF00_0000L, 0xBF10_0000L)
                .toDtb());
        FdtNode v = fdt.node("/virtio_mmio@a000000");
        assertNotNull(v);
        assertEquals(List.of("virtio,mmio"), v.stringsOf("compatible"));
        // reg: <0 0x0a000000 0 0x200>; interrupts: GIC_SPI 16 (INTID 48) IRQ_TYPE_EDGE_RISING.
        assertArrayEquals(new int[] {0, 0x0A00_0000, 0, 0x200}, v.cellsOf("reg"));
        assertArrayEquals(new int[] {0, 16, 1}, v.cellsOf("interrupts"));
        assertNotNull(v.property("dma-coherent"));
        assertEquals(List.of("hvc"), fdt.node("/psci").stringsOf("method"));
        // Two CPUs with the vCPUs' MPIDR affinity (reset_mpidr: Aff0 = vcpu_id).
        assertNotNull(fdt.node("/cpus/cpu@0"));
        assertArrayEquals(new int[] {1}, fdt.node("/cpus/cpu@1").cellsOf("reg"));
        assertNull(fdt.node("/cpus/cpu@2"));
        // The distributor, and one 128 KiB redistributor frame per vCPU.
        assertArrayEquals(new int[] {0, (int) GICD, 0, 0x1_0000, 0, (int) GICR, 0, 0x4_0000},
                fdt.node("/intc@51a00000").cellsOf("reg"));
        assertArrayEquals(new int[] {0, 0x8000_0000, 0, 0x4000_0000}, fdt.node("/memory@80000000").cellsOf("reg"));
        FdtNode chosen = fdt.node("/chosen");
        assertEquals(List.of("console=hvc0"), chosen.stringsOf("bootargs"));
        assertArrayEquals(new int[] {0, 0xBF00_0000}, chosen.cellsOf("linux,initrd-start"));
        assertNull(fdt.node("/serial@5a060000"), "the LPUART has no node");
    }

    @Test
    void theVmmMovesTheInitrdAndTheTreeIntoTheVmsRam() {
        KvmConfig c = KvmConfig.defaults(6, false);
        PhysicalMemory m = new PhysicalMemory();
        m.addRam(0x8000_0000L, 0x8000_0000L);
        byte[] initrd = "an initrd".getBytes(StandardCharsets.US_ASCII);
        m.write(0xFE00_0000L, initrd, 0, initrd.length);
        Fdt boot = new Fdt();
        boot.root().cells("#address-cells", 2);
        boot.root().cells("#size-cells", 2);
        FdtNode ch = boot.root().child("chosen");
        ch.strings("bootargs", "console=hvc0 quiet");
        byte[] seed = new byte[64];
        for (int i = 0; i < seed.length; i++) {
            seed[i] = (byte) (i * 37 + 11);
        }
        ch.bytes("rng-seed", seed);
        ch.cells64("linux,initrd-start", 0xFE00_0000L);
        ch.cells64("linux,initrd-end", 0xFE00_0000L + initrd.length);
        byte[] dtb = boot.toDtb();
        m.write(0xFD00_0000L, dtb, 0, dtb.length);
        assertTrue(GuestDeviceTree.isDtb(m, 0xFD00_0000L));
        GuestDeviceTree.Placement p = GuestDeviceTree.load(m, 0xFD00_0000L, c, GICD, GICR, vcpus());
        // The VM's RAM ends at 0xc0000000: the tree in its last 2 MiB, the initrd page-aligned below.
        assertEquals(0xBFE0_0000L, p.dtb());
        assertEquals(0xBFDF_F000L, p.initrdStart());
        byte[] moved = new byte[initrd.length];
        m.read(p.initrdStart(), moved, 0, moved.length);
        assertArrayEquals(initrd, moved);
        byte[] header = new byte[8];
        m.read(p.dtb(), header, 0, 8);
        int size = (header[4] & 0xFF) << 24 | (header[5] & 0xFF) << 16 | (header[6] & 0xFF) << 8 | header[7] & 0xFF;
        byte[] tree = new byte[size];
        m.read(p.dtb(), tree, 0, size);
        FdtNode chosen = Fdt.parse(tree).node("/chosen");
        assertEquals(List.of("console=hvc0 quiet"), chosen.stringsOf("bootargs"));
        assertArrayEquals(new int[] {0, (int) p.initrdStart()}, chosen.cellsOf("linux,initrd-start"));
        // the guest's CRNG is seeded as the host's is (an unseeded one makes every system call dear)
        assertArrayEquals(seed, chosen.property("rng-seed"));
    }

    /** dtc reads the tree without complaint (its checks: unit names against reg, interrupt specifiers). */
    @Test
    void dtcAcceptsTheTree(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(ExternalTool.isInstalled("dtc"), ExternalTool.notInstalled("dtc"));
        Path dtb = dir.resolve("vm.dtb");
        Files.write(dtb, GuestDeviceTree.build(KvmConfig.defaults(6, false), GICD, GICR, vcpus(), "", 0, 0).toDtb());
        Process p = new ProcessBuilder(ExternalTool.find("dtc").orElseThrow().toString(), "-I", "dtb", "-O", "dts",
                dtb.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("compatible = \"virtio,mmio\""), out);
        assertTrue(!out.contains("Warning"), out);
    }
}
