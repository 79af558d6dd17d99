package dev.hvlab.hv.xen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.fdt.Fdt;
import dev.hvlab.core.fdt.FdtNode;
import dev.hvlab.core.mem.PhysicalMemory;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Dom0's device tree as domain_build.c makes it from the host's: dom0's own memory banks, one
 * cpu node per vCPU at vcpuid_to_vaffinity (Aff0 = id & 0xF, Aff1 = id >> 4), PSCI by HVC, and the
 * initrd and the DTB moved below the end of dom0's first bank (place_modules) when the boot loader
 * left them in Xen's memory. Also the TID3 group decode of the trapped ID register reads.
 */
class Dom0DeviceTreeTest {
    private static final long RAM = 0x8000_0000L;
    private static final long RAM_SIZE = 0x8000_0000L;
    private static final long XEN = RAM + RAM_SIZE - XenMemory.SIZE;

    /** A host tree as a boot loader leaves it: the board's CPUs (two clusters), SMC PSCI, initrd at the top of RAM. */
    private static byte[] hostTree(long initrdStart, long initrdEnd) {
        Fdt f = new Fdt();
        FdtNode root = f.root();
        root.cells("#address-cells", 2);
        root.cells("#size-cells", 2);
        root.child("memory@80000000").strings("device_type", "memory").cells64("reg", RAM, RAM_SIZE);
        root.child("psci").strings("compatible", "arm,psci-1.0").strings("method", "smc");
        FdtNode cpus = root.child("cpus");
        cpus.cells("#address-cells", 1);
        cpus.cells("#size-cells", 0);
        int[] affs = {0x0, 0x1, 0x100, 0x101};
        for (int i = 0; i < affs.length; i++) {
            cpus.child("cpu@" + Integer.toHexString(affs[i])).strings("device_type", "cpu")
                    .strings("compatible", i < 2 ? "arm,cortex-a53" : "arm,cortex-a72").cells("reg", affs[i])
                    .strings("enable-method", "psci").cells("phandle", i + 1);
        }
        cpus.child("cpu-map").child("cluster0").child("core0").cells("cpu", 1);
        root.child("chosen").strings("bootargs", "console=ttyLP0").cells64("linux,initrd-start", initrdStart)
                .cells64("linux,initrd-end", initrdEnd);
        root.child("serial@5a060000").strings("compatible", "fsl,imx8qm-lpuart");
        return f.toDtb();
    }

    @Test
    void dom0GetsItsOwnBanksVcpusHvcPsciAndTheModulesInItsRam() {
        PhysicalMemory m = new PhysicalMemory();
        m.addRam(RAM, RAM_SIZE);
        byte[] initrd = new byte[0x3000 + 17];
        for (int i = 0; i < initrd.length; i++) {
            initrd[i] = (byte) (i * 7 + 3);
        }
        long initrdStart = (RAM + RAM_SIZE - initrd.length) & ~0xFFFL;
        m.write(initrdStart, initrd, 0, initrd.length);
        byte[] host = hostTree(initrdStart, initrdStart + initrd.length);
        long hostDtb = 0xFFC0_0000L; // in Xen's 16 MiB, as Boot leaves it
        m.write(hostDtb, host, 0, host.length);

        long dtb = Dom0DeviceTree.build(m, hostDtb, List.of(new long[] {RAM, XEN - RAM}), 3, XEN);

        // place_modules: the initrd page-aligned at the top of dom0's bank, the DTB in the 2 MiB slot below.
        long newInitrd = (XEN - initrd.length) & ~0xFFFL;
        assertEquals((newInitrd - 0x20_0000L) & ~0x1F_FFFFL, dtb);
        byte[] blob = new byte[0x10000];
        m.read(dtb, blob, 0, blob.length);
        Fdt f = Fdt.parse(java.util.Arrays.copyOf(blob, be32(blob, 4)));
        FdtNode chosen = f.node("/chosen");
        assertEquals(newInitrd, cell64(chosen.property("linux,initrd-start")));
        assertEquals(newInitrd + initrd.length, cell64(chosen.property("linux,initrd-end")));
        assertEquals(List.of("console=ttyLP0"), chosen.stringsOf("bootargs"));
        byte[] moved = new byte[initrd.length];
        m.read(newInitrd, moved, 0, moved.length);
        assertArrayEquals(initrd, moved);

        FdtNode mem = f.node("/memory@80000000");
        assertNotNull(mem);
        assertEquals(RAM, cell64(java.util.Arrays.copyOfRange(mem.property("reg"), 0, 8)));
        assertEquals(XEN - RAM, cell64(java.util.Arrays.copyOfRange(mem.property("reg"), 8, 16)));
        assertEquals(1, f.root().children().stream().filter(n -> n.name().startsWith("memory")).count());

        assertEquals(List.of("hvc"), f.node("/psci").stringsOf("method"));
        List<FdtNode> cpus = f.node("/cpus").children();
        assertEquals(List.of("cpu@0", "cpu@1", "cpu@2"), cpus.stream().map(FdtNode::name).toList());
        assertEquals(2, cpus.get(2).cellsOf("reg")[0]);
        assertEquals(List.of("arm,cortex-a53"), cpus.get(2).stringsOf("compatible"));
        assertNull(f.node("/cpus/cpu-map"), "Xen's cpus node has no topology");
        assertNull(f.node("/hypervisor"), "a plain (not PV-aware) dom0");
        assertNotNull(f.node("/serial@5a060000"), "the other devices are passed through");
    }

    @Test
    void vcpuSixteenAndUpTakeAff1() {
        PhysicalMemory m = new PhysicalMemory();
        m.addRam(RAM, RAM_SIZE);
        byte[] host = hostTree(0, 0);
        m.write(RAM + 0x1000_0000L, host, 0, host.length);
        long dtb = Dom0DeviceTree.build(m, RAM + 0x1000_0000L, List.of(new long[] {RAM, XEN - RAM}), 18, XEN);
        byte[] blob = new byte[0x10000];
        m.read(dtb, blob, 0, blob.length);
        Fdt f = Fdt.parse(java.util.Arrays.copyOf(blob, be32(blob, 4)));
        assertEquals(0x101, f.node("/cpus/cpu@101").cellsOf("reg")[0]);
        assertEquals(0, cell64(f.node("/chosen").property("linux,initrd-end")), "no initrd: nothing moved");
    }

    @Test
    void noDeviceTreeIsLeftAlone() {
        PhysicalMemory m = new PhysicalMemory();
        m.addRam(RAM, RAM_SIZE);
        assertEquals(RAM + 0x100, Dom0DeviceTree.build(m, RAM + 0x100, List.of(new long[] {RAM, XEN - RAM}), 1, XEN));
        assertEquals(0, Dom0DeviceTree.build(m, 0, List.of(new long[] {RAM, XEN - RAM}), 1, XEN));
    }

    /** ISS of a trapped MRS (ESR_EL2 EC 0x18): Op0 [21:20], Op2 [19:17], Op1 [16:14], CRn [13:10], CRm [4:1], read. */
    private static int mrs(int op0, int op1, int crn, int crm, int op2) {
        return op0 << 20 | op2 << 17 | op1 << 14 | crn << 10 | crm << 1 | 1;
    }

    @Test
    void theTid3GroupIsOp0ThreeOp1ZeroCrnZeroCrmOneToSeven() {
        assertTrue(XenModel.isTid3(mrs(3, 0, 0, 3, 0)), "MVFR0_EL1");
        assertTrue(XenModel.isTid3(mrs(3, 0, 0, 4, 0)), "ID_AA64PFR0_EL1");
        assertTrue(XenModel.isTid3(mrs(3, 0, 0, 7, 7)), "reserved encoding in the group");
        assertFalse(XenModel.isTid3(mrs(3, 0, 0, 0, 0)), "MIDR_EL1 is not trapped by TID3");
        assertFalse(XenModel.isTid3(mrs(3, 1, 0, 0, 0)), "CCSIDR_EL1 (TID2)");
        assertFalse(XenModel.isTid3(mrs(3, 0, 1, 0, 0)), "SCTLR_EL1");
    }

    private static int be32(byte[] b, int off) {
        return (b[off] & 0xFF) << 24 | (b[off + 1] & 0xFF) << 16 | (b[off + 2] & 0xFF) << 8 | b[off + 3] & 0xFF;
    }

    private static long cell64(byte[] p) {
        long v = 0;
        for (byte b : p) {
            v = v << 8 | (b & 0xFF);
        }
        return v;
    }
}
