package dev.hvlab.hv.xen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bare-metal guest library under the model: event-channel ping-pong, timer latency. */
class XenGuestsTest {
    @TempDir
    Path dir;

    @BeforeEach
    void needsGcc() {
        Assumptions.assumeTrue(GuestImages.available(), "aarch64-linux-gnu-gcc not installed");
    }

    private XenRig pingPong(String sched, int pongCpu) throws Exception {
        Path ping = GuestImages.build(dir, "ping", "pingpong.c", 0x8000_0000L, "PING");
        Path pong = GuestImages.build(dir, "pong", "pingpong.c", 0x4000_0000L, "PONG");
        XenConfig c = XenRig.config(sched, "trap", true, 1, XenRig.domU("pong", pong.toString(), pongCpu));
        return new XenRig(Files.readAllBytes(ping), c, dir).run(20_000_000);
    }

    @Test
    void pingPongBetweenDomainsOnDifferentPcpus() throws Exception {
        XenRig rig = pingPong("credit2", 1);
        assertTrue(rig.output().contains("ping: port 1\n"), rig.output());
        assertTrue(rig.output().contains("(d1) pong: bound port 1\n"), rig.output());
        assertTrue(rig.output().contains("ping: rounds 50 ticks "), rig.output());
        assertEquals("PSCI SYSTEM_OFF", rig.result.reason());
        Map<String, Long> paths = rig.paths();
        assertEquals(101, paths.get("hypercall-evtchn-send"), "the hello and 50 rounds each way");
        // Each side blocks in WFI and is woken by the other's event through an SGI to its pCPU.
        assertTrue(paths.get("wfi-block+switch-to-idle") >= 100, paths.toString());
        assertTrue(paths.get("idle-sgi-receive") >= 100, paths.toString());
        assertEquals(0, rig.xen.guestToGuestSwitches(), "each domain has its own pCPU");
    }

    @Test
    void pingPongOnASharedPcpuSwitchesVcpus() throws Exception {
        XenRig rig = pingPong("credit2", 0);
        assertTrue(rig.output().contains("ping: rounds 50 ticks "), rig.output());
        assertTrue(rig.output().contains("(d1) pong: bound port 1\n"), rig.output());
        Map<String, Long> paths = rig.paths();
        assertTrue(paths.getOrDefault("vcpu-switch", 0L) >= 100, paths.toString());
        assertTrue(rig.xen.guestToGuestSwitches() >= 100);
        // The switch path saves and restores the whole vCPU: EL1 registers, FP, GIC, timer, stage 2.
        var steps = rig.ledger().steps("xen", "vcpu-switch").stream().map(r -> r.step()).toList();
        for (String s : new String[] {"MRS TTBR0_EL1", "vfp_save_state: STR q<n>", "MRS ICH_VMCR_EL2",
            "MRS CNTV_CTL_EL0", "MSR VTTBR_EL2", "MSR HCR_EL2", "vfp_restore_state: LDR q<n>", "MSR CNTV_CVAL_EL0"}) {
            assertTrue(steps.contains(s), s + " missing from " + steps);
        }
    }
}
