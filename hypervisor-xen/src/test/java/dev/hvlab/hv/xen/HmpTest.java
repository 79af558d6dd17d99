package dev.hvlab.hv.xen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.config.ConfigReader;
import dev.hvlab.core.config.UserInputException;
import dev.hvlab.core.spi.Providers;
import dev.hvlab.core.sysreg.SystemRegisters;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Xen on the big.LITTLE i.MX 8QM (boot CPU 0 a Cortex-A53, CPUs 4-5 Cortex-A72s): by default the
 * A72s are parked (smpboot.c start_secondary) and nothing ever runs there; with hmp-unsafe all six
 * are Xen's.
 */
class HmpTest {
    @TempDir
    Path dir;

    static XenConfig.CommandLine commandLine(boolean hmpUnsafe) {
        return new XenConfig.CommandLine("credit2", "trap", "", 0, false, 50_000, false, hmpUnsafe);
    }

    /** Six unpinned single-vCPU domUs that compute for a while, all runnable at boot: each online pCPU takes one. */
    private XenRig sixDomUs(boolean hmpUnsafe) throws Exception {
        Path spin = GuestImages.build(dir, "spin", "spin.c", 0x4000_0000L);
        List<XenConfig.Domain> domUs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            domUs.add(XenRig.domU("u" + i, spin.toString()));
        }
        return new XenRig(null, new XenConfig(commandLine(hmpUnsafe), false, domUs), dir).run(100_000_000);
    }

    private static long midr(XenRig rig, int cpu) {
        return SystemRegisters.standard().byName("MIDR_EL1").read(rig.board.machine().cpu(cpu));
    }

    @Test
    void theRuleFromTheBoardIsCpu0sCoreTypeUnlessHmpUnsafe() {
        var imx8qm = Providers.board("imx8qm");
        assertEquals("cortex-a53", imx8qm.clusters().get(0).coreType());
        assertArrayEquals(new int[] {0, 1, 2, 3}, XenPcpus.used(imx8qm, false));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, XenPcpus.used(imx8qm, true));
        assertArrayEquals(new int[] {0, 2}, XenPcpus.used(List.of(7L, 8L, 7L), false), "not only a prefix");
    }

    @Test
    void byDefaultTheA72sAreParkedAndNeverRunAnything() throws Exception {
        Assumptions.assumeTrue(GuestImages.available(), "aarch64-linux-gnu-gcc not installed");
        XenRig rig = sixDomUs(false);
        String out = rig.output();
        for (int i = 1; i <= 6; i++) {
            assertTrue(out.contains("(d" + i + ") spun\n"), "every domU ran on the A53s: " + out);
        }
        assertEquals("PSCI SYSTEM_OFF", rig.result.reason());
        assertArrayEquals(new int[] {0, 1, 2, 3}, rig.xen.pcpus());
        for (int c = 0; c < 4; c++) {
            assertTrue(rig.xen.switches[c] > 0, "pCPU " + c + " ran a domU");
        }
        for (int c = 4; c < 6; c++) {
            assertEquals(0, rig.xen.switches[c], "no vCPU is ever placed on parked pCPU " + c);
            assertEquals(0, rig.board.machine().cpu(c).instructions, "parked CPU " + c + " stays off");
            assertFalse(rig.board.machine().isOn(c));
            String parked = String.format("(XEN) CPU%d MIDR (0x%016x) does not match boot CPU MIDR (0x%016x),\n"
                    + "(XEN) disable cpu (see big.LITTLE.txt under docs/).\n(XEN) CPU%d never came online\n", c,
                    midr(rig, c), midr(rig, 0), c);
            assertTrue(out.contains(parked), out);
        }
        assertTrue(midr(rig, 4) != midr(rig, 0), "the A72's MIDR differs from the A53's");
        assertTrue(out.contains("(XEN) Brought up 4 CPUs\n"), out);
        assertFalse(out.contains("HMP COMPUTING"), out);
        for (XenDomain d : rig.xen.domains) {
            assertFalse(d.vcpus.get(0).affinity[4] || d.vcpus.get(0).affinity[5], "no affinity to a parked pCPU");
        }
    }

    @Test
    void withHmpUnsafeEveryCpuIsXensAndXenIsTainted() throws Exception {
        Assumptions.assumeTrue(GuestImages.available(), "aarch64-linux-gnu-gcc not installed");
        XenRig rig = sixDomUs(true);
        String out = rig.output();
        assertEquals("PSCI SYSTEM_OFF", rig.result.reason());
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, rig.xen.pcpus());
        for (int c = 0; c < 6; c++) {
            assertTrue(rig.xen.switches[c] > 0, "pCPU " + c + " ran a domU");
        }
        assertTrue(rig.board.machine().cpu(5).instructions > 0);
        assertTrue(out.contains(String.format("(XEN) CPU4 MIDR (0x%016x) does not match boot CPU MIDR (0x%016x),\n"
                + "(XEN) hmp-unsafe turned on so tainting Xen and keep core on!!\n", midr(rig, 4), midr(rig, 0))), out);
        assertTrue(out.contains("(XEN) Brought up 6 CPUs\n"), out);
        assertTrue(out.contains("(XEN) WARNING: HMP COMPUTING HAS BEEN ENABLED.\n"), out);
        assertFalse(out.contains("disable cpu"), out);
    }

    @Test
    void dom0GetsOneVcpuPerPcpuXenUses() throws Exception {
        Assumptions.assumeTrue(GuestImages.available(), "aarch64-linux-gnu-gcc not installed");
        Path hello = GuestImages.build(dir, "dom0", "hello.c", 0x8000_0000L);
        byte[] image = Files.readAllBytes(hello);
        XenRig byDefault = new XenRig(image, new XenConfig(commandLine(false), true, List.of()), dir);
        XenDomain dom0 = byDefault.xen.domains.get(0);
        assertEquals(4, dom0.vcpus.size(), "dom0_max_vcpus=0: one vCPU per A53");
        for (Vcpu v : dom0.vcpus) {
            assertTrue(v.processor < 4 && !v.affinity[4] && !v.affinity[5], v.toString());
        }
        XenConfig.CommandLine pinned = new XenConfig.CommandLine("credit2", "trap", "", 0, true, 50_000, false, false);
        XenDomain pinnedDom0 = new XenRig(image, new XenConfig(pinned, true, List.of()), dir).xen.domains.get(0);
        for (Vcpu v : pinnedDom0.vcpus) {
            assertEquals(v.id, v.processor, "dom0_vcpus_pin: vCPU n on pCPU n");
        }
        XenRig hmp = new XenRig(image, new XenConfig(commandLine(true), true, List.of()), dir);
        assertEquals(6, hmp.xen.domains.get(0).vcpus.size());
    }

    @Test
    void aDomUNamingAParkedPcpuIsRejected() throws Exception {
        Assumptions.assumeTrue(GuestImages.available(), "aarch64-linux-gnu-gcc not installed");
        Path hello = GuestImages.build(dir, "hello", "hello.c", 0x4000_0000L);
        XenConfig parked = new XenConfig(commandLine(false), false, List.of(XenRig.domU("big", hello.toString(), 4)));
        UserInputException e = assertThrows(UserInputException.class, () -> new XenRig(null, parked, dir));
        assertTrue(e.getMessage().contains("pCPU 4") && e.getMessage().contains("parked"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        XenConfig allowed = new XenConfig(commandLine(true), false, List.of(XenRig.domU("big", hello.toString(), 4)));
        XenRig rig = new XenRig(null, allowed, dir).run(20_000_000);
        assertTrue(rig.output().contains("(d1) hello from a domU\n"), rig.output());
        assertTrue(rig.xen.switches[4] > 0, "it ran on the A72");
    }

    @Test
    void theJsonFieldIsHmpUnsafe() throws Exception {
        String json = "{\"xen\": {\"sched\": \"credit2\", \"vwfi\": \"trap\", \"dom0_mem\": \"\", \"dom0_max_vcpus\": 0,"
                + " \"dom0_vcpus_pin\": false, \"timer_slop\": 50000, \"vpmu\": false, \"hmp_unsafe\": true},"
                + " \"dom0\": true, \"domains\": []}";
        XenConfig c = ConfigReader.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "xen.json",
                XenConfig.class);
        assertTrue(c.xen().hmp_unsafe());
        assertFalse(XenConfig.CommandLine.defaults().hmp_unsafe(), "Xen's default parks the other CPUs");
        String missing = json.replace(", \"hmp_unsafe\": true", "");
        assertThrows(UserInputException.class, () -> ConfigReader.read(
                new ByteArrayInputStream(missing.getBytes(StandardCharsets.UTF_8)), "xen.json", XenConfig.class),
                "every field is required");
    }
}
