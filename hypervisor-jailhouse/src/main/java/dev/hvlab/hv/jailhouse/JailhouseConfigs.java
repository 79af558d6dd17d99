package dev.hvlab.hv.jailhouse;

import dev.hvlab.core.config.BoardConfig;
import dev.hvlab.core.config.UserInputException;
import dev.hvlab.core.hypervisor.El2Platform;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The default configuration (right after {@code jailhouse enable}) and the checks a config must pass. */
final class JailhouseConfigs {
    /** Below the end of the first RAM region: where NXP's imx8qm.c puts it (0xfdc00000, 4 MiB). */
    static final long HYPERVISOR_MEMORY_BELOW_END = 0x240_0000;
    static final long HYPERVISOR_MEMORY_SIZE = 0x40_0000;

    private JailhouseConfigs() {
    }

    /** The root cell alone: every CPU, all RAM but the hypervisor's, every device but the GIC, every SPI. */
    static JailhouseConfig rootOnly(El2Platform p) {
        BoardConfig.Ram first = p.board().ram().get(0);
        long hvStart = first.base() + first.size() - HYPERVISOR_MEMORY_BELOW_END;
        JailhouseConfig.Region hvMem = new JailhouseConfig.Region(hvStart, HYPERVISOR_MEMORY_SIZE);
        List<JailhouseConfig.MemoryRegion> regions = new ArrayList<>();
        List<String> ram = List.of(JailhouseConfig.READ, JailhouseConfig.WRITE, JailhouseConfig.EXECUTE,
                JailhouseConfig.DMA);
        for (BoardConfig.Ram r : p.board().ram()) {
            long end = r.base() + r.size();
            if (hvStart >= r.base() && hvStart < end) {
                if (hvStart > r.base()) {
                    regions.add(new JailhouseConfig.MemoryRegion(r.base(), r.base(), hvStart - r.base(), ram));
                }
                long after = hvStart + HYPERVISOR_MEMORY_SIZE;
                if (after < end) {
                    regions.add(new JailhouseConfig.MemoryRegion(after, after, end - after, ram));
                }
            } else {
                regions.add(new JailhouseConfig.MemoryRegion(r.base(), r.base(), r.size(), ram));
            }
        }
        for (BoardConfig.Device d : p.board().devices()) {
            if (!d.type().startsWith("gicv3-")) {
                long size = (d.size() + 0xFFF) & ~0xFFFL;
                regions.add(new JailhouseConfig.MemoryRegion(d.base(), d.base(), size,
                        List.of(JailhouseConfig.READ, JailhouseConfig.WRITE, JailhouseConfig.IO)));
            }
        }
        List<Integer> cpus = new ArrayList<>();
        for (int i = 0; i < p.machine().cpus().size(); i++) {
            cpus.add(i);
        }
        List<Integer> irqs = new ArrayList<>();
        for (int irq = 32; irq < 1020; irq++) {
            irqs.add(irq);
        }
        JailhouseConfig.Cell root = new JailhouseConfig.Cell("root", 0, cpus, regions, irqs, true, "");
        return new JailhouseConfig(hvMem, 25, false, root, List.of(), List.of());
    }

    /** What Jailhouse's config checks and cell_create refuse, as one-line user errors. */
    static void validate(JailhouseConfig c, El2Platform p) {
        int n = p.machine().cpus().size();
        JailhouseConfig.Region hv = c.hypervisorMemory();
        if (!p.machine().memory().isRam(hv.physStart()) || !p.machine().memory().isRam(hv.physStart() + hv.size() - 1)) {
            throw new UserInputException("jailhouse: hypervisorMemory is not in RAM");
        }
        if (!c.rootCell().cpus().contains(0)) {
            throw new UserInputException("jailhouse: the root cell must include CPU 0, where the booted image runs");
        }
        Set<Integer> used = new HashSet<>();
        Set<String> names = new HashSet<>();
        Set<Integer> ids = new HashSet<>();
        List<JailhouseConfig.Cell> all = new ArrayList<>();
        all.add(c.rootCell());
        all.addAll(c.cells());
        for (JailhouseConfig.Cell cell : all) {
            if (!names.add(cell.name()) || !ids.add(cell.id())) {
                throw new UserInputException("jailhouse: two cells share the name '" + cell.name() + "' or id " + cell.id());
            }
            for (int cpu : cell.cpus()) {
                if (cpu < 0 || cpu >= n) {
                    throw new UserInputException("jailhouse: cell '" + cell.name() + "' names CPU " + cpu
                            + " but the machine has " + n);
                }
                if (!used.add(cpu)) {
                    throw new UserInputException("jailhouse: CPU " + cpu + " is in two cells");
                }
            }
            for (JailhouseConfig.MemoryRegion r : cell.memoryRegions()) {
                if (r.physStart() < hv.physStart() + hv.size() && hv.physStart() < r.physStart() + r.size()) {
                    throw new UserInputException(String.format("jailhouse: cell '%s' region 0x%x overlaps the hypervisor "
                            + "memory", cell.name(), r.physStart()));
                }
            }
            if (cell != c.rootCell() && cell.image().isEmpty()) {
                throw new UserInputException("jailhouse: non-root cell '" + cell.name() + "' needs an image");
            }
        }
    }
}
