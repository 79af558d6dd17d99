package dev.hvlab.hv.xvisor;

import dev.hvlab.core.config.BoardConfig;
import dev.hvlab.core.config.UserInputException;
import dev.hvlab.core.hypervisor.El2Platform;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The default configuration and the checks Xvisor's guest creation makes, as one-line user errors. */
final class XvisorConfigs {
    /** CONFIG_TSLICE_MS = 10 (the middle choice) and Xvisor's default deadline and periodicity multiples. */
    static final long TIME_SLICE_US = 10_000;
    static final long PERIOD_US = TIME_SLICE_US * 100;
    static final int DEFAULT_PRIORITY = 3;
    static final long PL011_GUEST_PHYS = 0x1c09_0000L;

    private XvisorConfigs() {
    }

    /**
     * One guest running the booted image with a vCPU per CPU (vCPU i pinned to CPU i, priority 3,
     * 10 ms slices), all RAM but the hypervisor's at the same guest physical addresses, the
     * console LPUART passed through, the GICv3 view at the board's GIC addresses and a PL011; no
     * deviation from upstream (see XvisorConfig).
     */
    static XvisorConfig singleGuest(El2Platform p) {
        BoardConfig.Ram first = p.board().ram().get(0);
        long hvStart = first.base() + first.size() - XvisorModel.HYPERVISOR_MEMORY_BELOW_END;
        List<XvisorConfig.Region> regions = new ArrayList<>();
        int k = 0;
        for (BoardConfig.Ram r : p.board().ram()) {
            long end = r.base() + r.size();
            if (hvStart >= r.base() && hvStart < end) {
                regions.add(new XvisorConfig.Region("ram" + k++, XvisorConfig.RAM, r.base(), r.base(), hvStart - r.base()));
                long after = hvStart + XvisorModel.HYPERVISOR_MEMORY_SIZE;
                if (after < end) {
                    regions.add(new XvisorConfig.Region("ram" + k++, XvisorConfig.RAM, after, after, end - after));
                }
            } else {
                regions.add(new XvisorConfig.Region("ram" + k++, XvisorConfig.RAM, r.base(), r.base(), r.size()));
            }
        }
        BoardConfig.Device uart = p.device("nxp-lpuart");
        if (uart != null) {
            regions.add(new XvisorConfig.Region("console", XvisorConfig.PASSTHROUGH, uart.base(), uart.base(), 0x1000));
        }
        List<XvisorConfig.Vcpu> vcpus = new ArrayList<>();
        for (int i = 0; i < p.machine().cpus().size(); i++) {
            vcpus.add(new XvisorConfig.Vcpu(List.of(i), DEFAULT_PRIORITY, TIME_SLICE_US, PERIOD_US));
        }
        long gicd = p.device("gicv3-distributor").base();
        // A board whose console is a PL011 (virt-compat) gets it emulated at its own address and SPI,
        // so the board's device tree describes the guest; elsewhere a PL011 at a free address.
        BoardConfig.Device pl011 = p.device("arm-pl011");
        List<XvisorConfig.Device> devices = List.of(
                new XvisorConfig.Device("gic", XvisorConfig.GICV3_VIEW, gicd, 0, 0),
                pl011 != null ? new XvisorConfig.Device("uart0", XvisorConfig.PL011, pl011.base(), pl011.irqs().get(0), 0)
                        : new XvisorConfig.Device("uart0", XvisorConfig.PL011, PL011_GUEST_PHYS, 32 + 1, 0));
        XvisorConfig.Guest g = new XvisorConfig.Guest("guest0", "", vcpus, regions, devices);
        return new XvisorConfig(new XvisorConfig.Range(hvStart, XvisorModel.HYPERVISOR_MEMORY_SIZE), XvisorConfig.PRR,
                100_000, List.of(g), List.of());
    }

    static void validate(XvisorConfig c, El2Platform p) {
        int n = p.machine().cpus().size();
        XvisorConfig.Range hv = c.hypervisorMemory();
        if (!p.machine().memory().isRam(hv.physStart()) || !p.machine().memory().isRam(hv.physStart() + hv.size() - 1)) {
            throw new UserInputException("xvisor: hypervisorMemory is not in RAM");
        }
        if (hv.size() < 0x10_0000 + 0x8_0000L * c.guests().size()) {
            throw new UserInputException("xvisor: hypervisorMemory is too small for " + c.guests().size() + " guests");
        }
        Set<String> names = new HashSet<>();
        for (XvisorConfig.Guest g : c.guests()) {
            if (!names.add(g.name())) {
                throw new UserInputException("xvisor: two guests named '" + g.name() + "'");
            }
            for (XvisorConfig.Vcpu v : g.vcpus()) {
                for (int cpu : v.affinity()) {
                    if (cpu < 0 || cpu >= n) {
                        throw new UserInputException("xvisor: guest '" + g.name() + "' vCPU affinity names CPU " + cpu
                                + ", the board has " + n);
                    }
                }
            }
            for (XvisorConfig.Region r : g.memory()) {
                if (Long.compareUnsigned(r.hostPhys(), hv.physStart() + hv.size()) < 0
                        && Long.compareUnsigned(hv.physStart(), r.hostPhys() + r.size()) < 0) {
                    throw new UserInputException("xvisor: guest '" + g.name() + "' region '" + r.name()
                            + "' overlaps the hypervisor's memory");
                }
            }
        }
    }
}
