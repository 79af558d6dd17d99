package dev.hvlab.cli;

import static dev.hvlab.cli.CliRun.hvlab;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class InfoCommandTest {
    @Test
    void listsWhatIsDiscovered() {
        CliRun r = hvlab("info");
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err());
        String out = r.out();
        for (String heading : new String[] {"Boards:", "CPU models:", "Hypervisor models:",
                "Environments (hvlab run --hypervisor, hvlab compare --hypervisors):", "Workloads:"}) {
            assertTrue(out.contains(heading + System.lineSeparator()), heading + " in " + out);
        }
        assertTrue(Pattern.compile("(?m)^  imx8qm +NXP i\\.MX 8QuadMax").matcher(out).find(), out);
        for (String env : new String[] {"none", "jailhouse", "kvm", "kvm-vhe", "xen", "xen-domu", "xvisor"}) {
            assertTrue(Pattern.compile("(?m)^  " + env + " +\\S").matcher(out).find(), env + " in " + out);
        }
        assertTrue(Pattern.compile("(?m)^  virt-compat +QEMU virt").matcher(out).find(), out);
        assertTrue(Pattern.compile("(?m)^  cortex-a53 +MIDR_EL1 0x410fd034").matcher(out).find(), out);
        assertTrue(Pattern.compile("(?m)^  cortex-a72 +MIDR_EL1 0x410fd08").matcher(out).find(), out);
        assertTrue(Pattern.compile("(?m)^  jailhouse +Jailhouse \\(static partitioning").matcher(out).find(), out);
        assertTrue(Pattern.compile("(?m)^  xen +Xen \\(type 1: dom0 \\+ dom0less domUs").matcher(out).find(), out);
        assertTrue(Pattern.compile("(?m)^  xvisor +Xvisor \\(monolithic type 1").matcher(out).find(), out);
        assertTrue(Pattern.compile("(?m)^  kvm +KVM/arm64 on ARMv8\\.0 in split mode").matcher(out).find(), out);
        assertTrue(Pattern.compile("(?m)^Workloads:\\R  dhrystone +integer CPU kernel").matcher(out).find(), out);
        assertTrue(Pattern.compile("(?m)^  whetstone +floating-point kernel.*\\R\\z").matcher(out).find(), out);
    }
}
