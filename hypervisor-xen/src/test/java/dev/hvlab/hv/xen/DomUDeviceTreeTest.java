package dev.hvlab.hv.xen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.config.UserInputException;
import dev.hvlab.core.fdt.Fdt;
import dev.hvlab.core.fdt.FdtNode;
import dev.hvlab.core.mem.PhysicalMemory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Linux Image as a domU: placed as xen/arch/arm/kernel.c does, with the device tree of
 * dom0less-build.c prepare_dtb_domU (parsed back here) and x0 = its address.
 */
class DomUDeviceTreeTest {
    @TempDir
    Path dir;

    private static final long MIB = 1 << 20;

    /** An arm64 Image header (Documentation/arch/arm64/booting.rst) followed by filler. */
    static byte[] image(long textOffset, long imageSize, int fileSize) {
        ByteBuffer b = ByteBuffer.allocate(fileSize).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 0x14000010); // b #0x40 (code0)
        b.putLong(8, textOffset);
        b.putLong(16, imageSize);
        b.putLong(24, 0b1010); // 4K pages, anywhere in physical memory
        b.putInt(56, 0x644D5241); // "ARM\x64"
        for (int i = 64; i < fileSize; i++) {
            b.put(i, (byte) i);
        }
        return b.array();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(o)) {
            g.write(data);
        }
        return o.toByteArray();
    }

    private XenRig rig(byte[] kernel, byte[] initrd, int vcpus, long memoryMib, String extra) throws IOException {
        Path k = Files.write(dir.resolve("Image.gz"), kernel);
        Path rd = Files.write(dir.resolve("initrd"), initrd);
        XenConfig.Domain d = new XenConfig.Domain("linux", vcpus, memoryMib, List.of(), k.toString(), rd.toString(), extra,
                false, 256, 0, 10_000, 4_000);
        // Without dom0 nothing needs to be booted.
        return new XenRig(null, new XenConfig(XenConfig.CommandLine.defaults(), false, List.of(d)), dir);
    }

    private static long read64(PhysicalMemory m, long pa) {
        byte[] b = new byte[8];
        m.read(pa, b, 0, 8);
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    @Test
    void imagePlacedAsKernelCDoesAndEnteredWithTheDtbInX0() throws IOException {
        byte[] img = image(0, 3 * MIB, (int) (2 * MIB + 100));
        byte[] initrd = new byte[(int) (5 * MIB + 7)];
        initrd[0] = 0x42;
        XenRig rig = rig(gzip(img), initrd, 2, 512, "console=ttyAMA0 quiet");
        XenDomain d = rig.xen.domain(1);
        DomainBuilder.KernelPlacement at = d.kernel;
        assertNotNull(at, "an Image, not an ELF");
        // Bank 0 at GUEST_RAM0_BASE; text_offset 0; DTB at 128 MiB; the initrd 2 MiB after it.
        assertEquals(0x4000_0000L, at.entry());
        assertEquals(0x4000_0000L + img.length, at.kernelEnd(), "the file's length, as kernel_zimage64_probe takes it");
        assertEquals(0x4800_0000L, at.dtb());
        assertEquals(0x4820_0000L, at.initrdStart());
        assertEquals(0x4820_0000L + initrd.length, at.initrdEnd());
        PhysicalMemory m = rig.board.machine().memory();
        byte[] loaded = new byte[img.length];
        m.read(d.toPa(at.entry()), loaded, 0, loaded.length);
        assertArrayEquals(img, loaded, "decompressed and copied at bank start + text_offset");
        byte[] rd = new byte[1];
        m.read(d.toPa(at.initrdStart()), rd, 0, 1);
        assertEquals(0x42, rd[0]);
        Vcpu v0 = d.vcpus.get(0);
        assertEquals(at.dtb(), read64(m, v0.frame()), "x0 = the DTB");
        assertEquals(at.entry(), read64(m, v0.pa + Vcpu.ELR_EL2), "entered at the load address");
    }

    @Test
    void theDeviceTreeIsPrepareDtbDomUs() throws IOException {
        XenRig rig = rig(image(0x80000, 4 * MIB, 4096), new byte[4096], 3, 256, "console=ttyAMA0");
        XenDomain d = rig.xen.domain(1);
        byte[] blob = new byte[0x10000];
        rig.board.machine().memory().read(d.toPa(d.kernel.dtb()), blob, 0, blob.length);
        Fdt fdt = Fdt.parse(blob);
        FdtNode root = fdt.root();
        assertArrayEquals(new int[] {2}, root.cellsOf("#address-cells"));
        assertArrayEquals(new int[] {2}, root.cellsOf("#size-cells"));
        assertNull(fdt.node("/hypervisor"), "no xen,xen node: Linux is not Xen-aware");
        FdtNode chosen = fdt.node("/chosen");
        assertEquals(List.of("console=ttyAMA0"), chosen.stringsOf("bootargs"));
        assertNull(chosen.property("stdout-path"), "make_chosen_node writes none");
        assertArrayEquals(new int[] {0, 0x4820_0000, 0, 0x4820_1000}, concat(chosen.cellsOf("linux,initrd-start"),
                chosen.cellsOf("linux,initrd-end")));
        // Kernel at 0x40080000 (text_offset 0x80000).
        assertEquals(0x4008_0000L, d.kernel.entry());
        FdtNode cpus = fdt.node("/cpus");
        assertEquals(3, cpus.children().size());
        for (int i = 0; i < 3; i++) {
            FdtNode c = fdt.node("/cpus/cpu@" + i);
            assertNotNull(c, "cpu@" + i);
            assertArrayEquals(new int[] {i}, c.cellsOf("reg"), "vcpuid_to_vaffinity");
            assertEquals(List.of("psci"), c.stringsOf("enable-method"));
            assertEquals(List.of("cpu"), c.stringsOf("device_type"));
            assertEquals(List.of("arm,cortex-a53"), c.stringsOf("compatible"), "the host's boot CPU");
        }
        FdtNode mem = fdt.node("/memory@40000000");
        assertArrayEquals(new int[] {0, 0x4000_0000, 0, 0x1000_0000}, mem.cellsOf("reg"));
        FdtNode gic = fdt.node("/interrupt-controller@3001000");
        assertEquals(List.of("arm,gic-v3"), gic.stringsOf("compatible"));
        assertArrayEquals(new int[] {0, 0x0300_1000, 0, 0x1_0000, 0, 0x0302_0000, 0, 0x100_0000}, gic.cellsOf("reg"));
        assertArrayEquals(new int[] {1}, gic.cellsOf("#redistributor-regions"));
        assertArrayEquals(new int[] {3}, gic.cellsOf("#interrupt-cells"));
        assertArrayEquals(new int[] {65000}, gic.cellsOf("phandle"));
        assertNotNull(gic.property("interrupt-controller"));
        FdtNode timer = fdt.node("/timer");
        // PPIs 29, 30, 27 as {1, n - 16, 0xf00 | level-low}.
        assertArrayEquals(new int[] {1, 13, 0xF08, 1, 14, 0xF08, 1, 11, 0xF08}, timer.cellsOf("interrupts"));
        assertArrayEquals(new int[] {65000}, timer.cellsOf("interrupt-parent"));
        FdtNode psci = fdt.node("/psci");
        assertEquals(List.of("arm,psci-1.0", "arm,psci-0.2", "arm,psci"), psci.stringsOf("compatible"));
        assertEquals(List.of("hvc"), psci.stringsOf("method"));
        assertArrayEquals(new int[] {1}, psci.cellsOf("cpu_off"));
        assertArrayEquals(new int[] {2}, psci.cellsOf("cpu_on"));
        FdtNode uart = fdt.node("/sbsa-uart@22000000");
        assertEquals(List.of("arm,sbsa-uart"), uart.stringsOf("compatible"));
        assertArrayEquals(new int[] {0, 0x2200_0000, 0, 0x1000}, uart.cellsOf("reg"));
        assertArrayEquals(new int[] {0, 0, 0xF04}, uart.cellsOf("interrupts"), "SPI 32, level-high");
        assertArrayEquals(new int[] {65000}, uart.cellsOf("interrupt-parent"));
        assertArrayEquals(new int[] {115200}, uart.cellsOf("current-speed"));
    }

    private static int[] concat(int[] a, int[] b) {
        int[] r = new int[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    @Test
    void placeModulesFallsBackToTheTopOfTheBankThenBelowTheKernel() {
        long base = 0x4000_0000L;
        // Less than 128 MiB + modules: at the top of the bank.
        DomainBuilder.KernelPlacement small = DomainBuilder.place("x", base, 64 * MIB, 0, 10 * MIB, 3 * MIB);
        assertEquals(base + 64 * MIB - 6 * MIB, small.dtb(), "dtb 2 MiB + initrd rounded to 4 MiB below the end");
        // A kernel reaching past 128 MiB: the modules at the top of the bank.
        DomainBuilder.KernelPlacement big = DomainBuilder.place("x", base, 512 * MIB, 0, 130 * MIB, 1);
        assertEquals(base + 512 * MIB - 4 * MIB, big.dtb());
        // Kernel (rounded to 2 MiB) + modules larger than the bank.
        UserInputException full = assertThrows(UserInputException.class,
                () -> DomainBuilder.place("x", base, 16 * MIB, 0, 13 * MIB, 2 * MIB));
        assertTrue(full.getMessage().contains("not enough memory in the first bank"), full.getMessage());
        // They fit, but only exactly: the top of the bank is not above the kernel's 2 MiB-rounded end, and
        // an Image's text_offset (< 2 MiB) never leaves room below the kernel.
        assertThrows(UserInputException.class, () -> DomainBuilder.place("x", base, 16 * MIB, 0, 11 * MIB, 2 * MIB));
        DomainBuilder.KernelPlacement tight = DomainBuilder.place("x", base, 16 * MIB, 0, 9 * MIB, 2 * MIB);
        assertEquals(base + 12 * MIB, tight.dtb(), "ramend - modsize = 12 MiB, above the kernel's 10 MiB");
    }

    @Test
    void notAnElfNorAnImageIsAOneLineError() throws IOException {
        UserInputException e = assertThrows(UserInputException.class, () -> rig(new byte[256], new byte[0], 1, 64, ""));
        assertTrue(e.getMessage().contains("neither an ELF nor"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }
}
