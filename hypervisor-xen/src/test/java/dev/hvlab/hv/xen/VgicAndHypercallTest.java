package dev.hvlab.hv.xen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hypercall dispatch and the old vGIC's list register handling, seen from a dom0 guest. */
class VgicAndHypercallTest {
    @TempDir
    Path dir;

    private XenRig run() throws Exception {
        Assumptions.assumeTrue(GuestImages.available(), "aarch64-linux-gnu-gcc not installed");
        Path elf = GuestImages.build(dir, "checks", "checks.c", 0x8000_0000L);
        XenConfig c = XenRig.config("credit2", "trap", true, 1);
        return new XenRig(Files.readAllBytes(elf), c, dir).run(5_000_000);
    }

    @Test
    void hypercallsAreDispatchedByTheNumberInX16() throws Exception {
        String out = run().output();
        assertTrue(out.contains("xen_version=" + (4 << 16 | 19) + "\n"), out); // XENVER_version: 4.19
        assertTrue(out.contains("unknown=-38\n"), out);                       // -ENOSYS
        assertTrue(out.contains("yield=0\n"), out);
        assertTrue(out.contains("send_bad_port=-22\n"), out);                 // -EINVAL
        assertTrue(out.contains("alloc_to_nobody=-3\n"), out);                // -ESRCH: no domain 77
    }

    /**
     * Six SGIs with four list registers: the first four go into LRs at once, two wait on
     * lr_pending with ICH_HCR_EL2.UIE set; when the guest has EOI'd enough, the maintenance
     * interrupt (PPI 25) brings it back to Xen, whose entry reconciles the LRs and whose exit refills them.
     * The guest sees all six, by priority within each batch.
     */
    @Test
    void listRegisterOverflowIsRefilledAfterTheMaintenanceInterrupt() throws Exception {
        XenRig rig = run();
        String out = rig.output();
        assertTrue(out.contains("sgis=6\n"), out);
        assertTrue(out.contains("order=123456\n"), out);
        // The maintenance interrupt's exit: UIE is cleared on entry, so the acknowledge finds it gone.
        assertTrue(rig.paths().getOrDefault("irq-spurious", 0L) >= 1, rig.paths().toString());
        List<String> sgiSteps = rig.ledger().steps("xen", "sgi").stream().map(r -> r.step()).toList();
        assertTrue(sgiSteps.contains("gic_add_to_lr_pending (walk by priority)"), sgiSteps.toString());
        assertTrue(sgiSteps.contains("MSR ICH_HCR_EL2"), sgiSteps.toString());
        List<String> maint = rig.ledger().steps("xen", "irq-spurious").stream().map(r -> r.step()).toList();
        assertTrue(maint.contains("MRS ICH_LR<n>_EL2") && maint.contains("gic_update_one_lr"), maint.toString());
        assertTrue(maint.contains("list_del_init lr_queue"), "refilled on the way out: " + maint);
    }
}
