package dev.hvlab.hv.xen;

import java.util.List;

/**
 * A Xen system as JSON: the hypervisor's command line options that matter here and the domains
 * started at boot (dom0less). Field names follow Xen's command line ({@code docs/misc/xen-command-line.pandoc})
 * and {@code xl.cfg(5)}. Every field is required (use [] or "" for none). With {@link #dom0} the
 * image {@code hvlab boot --kernel} loads is dom0; without it Xen boots as dom0less does when no
 * dom0 kernel is given (no hardware domain: the booted image is ignored, Xen keeps the board's
 * UART for its console). {@link #domains} are the domUs, domids from 1.
 *
 * @param xen     the Xen command line
 * @param dom0    the booted image is dom0 (else true dom0less: only the domUs run)
 * @param domains the domUs, each built and started at boot (at least one without dom0)
 */
public record XenConfig(CommandLine xen, boolean dom0, List<Domain> domains) {
    public XenConfig {
        domains = List.copyOf(domains);
        if (!dom0 && domains.isEmpty()) {
            throw new IllegalArgumentException("dom0 is false, so at least one domU is needed in 'domains'");
        }
    }

    /**
     * The Xen command line options the model honours.
     *
     * @param sched          {@code credit2} (Xen's default), {@code credit}, {@code null} or {@code rtds}
     * @param vwfi           {@code trap} (default: WFI/WFE trap, an idle vCPU blocks) or {@code native}
     * @param dom0_mem       dom0's memory, "512M", "1G" ... ("" = all RAM no domU or Xen uses)
     * @param dom0_max_vcpus dom0's vCPUs (0 = one per pCPU Xen uses, see hmp_unsafe)
     * @param dom0_vcpus_pin dom0 vCPU n hard-pinned to pCPU n
     * @param timer_slop     soft timers within this many ns of each other fire together (Xen: 50000)
     * @param vpmu           dom0 gets the PMU (MDCR_EL2.TPM/TPMCR clear) instead of RAZ/WI emulation
     * @param hmp_unsafe     Xen's {@code hmp-unsafe} (spelt as a Java name like the other fields): Xen uses the
     *                       secondary CPUs whose MIDR differs from the boot CPU's, tainting itself
     *                       (TAINT_CPU_OUT_OF_SPEC), instead of parking them (Xen's default, false: on the
     *                       i.MX 8QM only the four Cortex-A53s are then Xen's pCPUs); see {@link XenPcpus}
     */
    public record CommandLine(String sched, String vwfi, String dom0_mem, int dom0_max_vcpus, boolean dom0_vcpus_pin,
            long timer_slop, boolean vpmu, boolean hmp_unsafe) {
        public static final List<String> SCHEDULERS = List.of("credit2", "credit", "null", "rtds");

        public CommandLine {
            if (!SCHEDULERS.contains(sched)) {
                throw new IllegalArgumentException("sched must be one of " + SCHEDULERS + ": " + sched);
            }
            if (!vwfi.equals("trap") && !vwfi.equals("native")) {
                throw new IllegalArgumentException("vwfi must be trap or native: " + vwfi);
            }
            if (dom0_max_vcpus < 0 || timer_slop < 0) {
                throw new IllegalArgumentException("dom0_max_vcpus and timer_slop must not be negative");
            }
            XenConfigs.parseSize(dom0_mem);
        }

        /** Xen's defaults: credit2, vwfi=trap, dom0 with everything, 50 us timer slop, no vPMU, no hmp-unsafe. */
        public static CommandLine defaults() {
            return new CommandLine("credit2", "trap", "", 0, false, 50_000, false, false);
        }
    }

    /**
     * A domU as xl.cfg describes it.
     *
     * @param name       the domain's name
     * @param vcpus      number of vCPUs (vCPU 0 starts at the kernel's entry, the others on PSCI CPU_ON)
     * @param memory     MiB of RAM, at guest physical 0x40000000 (GUEST_RAM0_BASE)
     * @param cpus       hard affinity: the pCPUs its vCPUs may run on ([] = all of Xen's; a parked CPU is an error)
     * @param kernel     a bare-metal ELF linked in the guest's RAM, or a Linux arm64 Image (gzip-compressed
     *                   too), placed as Xen's kernel.c does and given a generated device tree in x0
     * @param ramdisk    a Linux Image's initrd (placed as place_modules does), or for an ELF loaded 2 MiB-aligned
     *                   after it ("" = none)
     * @param extra      the kernel command line (the device tree's bootargs; a bare-metal guest ignores it)
     * @param vpmu       the PMU is the guest's (xl.cfg vpmu, Xen 4.18+)
     * @param cpu_weight credit/credit2 weight (Xen's default 256)
     * @param cap        credit cap in percent of a pCPU (0 = none)
     * @param period     RTDS period in microseconds (Xen's default 10000)
     * @param budget     RTDS budget in microseconds (Xen's default 4000)
     */
    public record Domain(String name, int vcpus, long memory, List<Integer> cpus, String kernel, String ramdisk,
            String extra, boolean vpmu, int cpu_weight, int cap, long period, long budget) {
        public Domain {
            cpus = List.copyOf(cpus);
            if (vcpus < 1 || vcpus > 16) {
                throw new IllegalArgumentException("domain '" + name + "': vcpus must be 1-16");
            }
            if (memory < 1) {
                throw new IllegalArgumentException("domain '" + name + "': memory must be at least 1 MiB");
            }
            if (cpu_weight < 1 || cap < 0 || period < 1 || budget < 1 || budget > period) {
                throw new IllegalArgumentException("domain '" + name
                        + "': cpu_weight >= 1, cap >= 0, 0 < budget <= period required");
            }
        }
    }
}
