package dev.hvlab.core.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a board is made of, as data: its RAM, its CPU clusters and the devices on its physical
 * address map. Read from JSON with {@link ConfigReader}; every field is required. The checks here
 * are those that need no emulator: names, positive sizes, known core types, unique cluster
 * affinities and a physical map without overlaps. Whether a device type exists is the board
 * builder's business.
 *
 * @param name the name users type ({@code --board imx8qm}): lower case, digits and '-'
 * @param description one line for {@code hvlab info}
 * @param counterFrequencyHz the system counter frequency, CNTFRQ_EL0
 * @param ram the RAM regions
 * @param clusters the CPU clusters, each with its own core type and clock
 * @param devices the memory-mapped devices
 */
public record BoardConfig(String name, String description, long counterFrequencyHz, List<Ram> ram,
        List<Cluster> clusters, List<Device> devices) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final long PAGE = 4096;
    /** GIC INTIDs a device can raise: PPIs 16-31 and SPIs 32-1019 (GICv3, INTID ranges). */
    private static final int FIRST_PPI = 16;
    private static final int LAST_SPI = 1019;

    public BoardConfig {
        requireName(name, "name");
        require(description != null, "description must not be null");
        require(counterFrequencyHz > 0, "counterFrequencyHz must be positive");
        ram = copy(ram, "ram");
        clusters = copy(clusters, "clusters");
        devices = copy(devices, "devices");
        require(!ram.isEmpty(), "a board needs at least one RAM region");
        require(!clusters.isEmpty(), "a board needs at least one CPU cluster");
        Set<Integer> aff1 = new HashSet<>();
        for (Cluster c : clusters) {
            require(aff1.add(c.mpidrAff1()), "two clusters have mpidrAff1 " + c.mpidrAff1());
        }
        Set<String> names = new HashSet<>();
        for (Device d : devices) {
            require(names.add(d.name()), "two devices are named '" + d.name() + "'");
        }
        checkNoOverlap(ram, devices);
    }

    /** All CPUs of the board. */
    public int cpuCount() {
        return clusters.stream().mapToInt(Cluster::cpus).sum();
    }

    /** A RAM region, page aligned. */
    public record Ram(long base, long size) {
        public Ram {
            require(size > 0, "RAM size must be positive");
            require(base % PAGE == 0 && size % PAGE == 0, "RAM base and size must be multiples of 4 KiB");
            require(Long.compareUnsigned(base + size - 1, base) >= 0, "RAM region wraps around the address space");
        }
    }

    /**
     * A cluster of identical cores sharing a clock; its cores have MPIDR_EL1.Aff1 = {@code
     * mpidrAff1} and Aff0 = 0 .. cpus-1.
     */
    public record Cluster(String coreType, int cpus, long frequencyHz, int mpidrAff1) {
        public Cluster {
            require(coreType != null && CpuModels.byName(coreType).isPresent(),
                    "unknown coreType '" + coreType + "' (known: "
                            + String.join(", ", CpuModels.all().stream().map(CpuModel::name).toList()) + ")");
            require(cpus > 0 && cpus <= 16, "cpus must be between 1 and 16");
            require(frequencyHz > 0, "frequencyHz must be positive");
            require(mpidrAff1 >= 0 && mpidrAff1 <= 255, "mpidrAff1 must be between 0 and 255");
        }

        public CpuModel model() {
            return CpuModels.byName(coreType).orElseThrow();
        }
    }

    /**
     * A memory-mapped device.
     *
     * @param irqs the GIC INTIDs it raises (an SPI n is INTID 32 + n)
     */
    public record Device(String name, String type, long base, long size, List<Integer> irqs) {
        public Device {
            requireName(name, "device name");
            require(type != null && !type.isBlank(), "device '" + name + "' needs a type");
            require(size > 0, "device '" + name + "' size must be positive");
            require(Long.compareUnsigned(base + size - 1, base) >= 0, "device '" + name + "' wraps around the address space");
            irqs = copy(irqs, "irqs");
            for (int irq : irqs) {
                require(irq >= FIRST_PPI && irq <= LAST_SPI,
                        "device '" + name + "' irq " + irq + " is not a PPI or SPI INTID (16-1019)");
            }
        }
    }

    private static void checkNoOverlap(List<Ram> ram, List<Device> devices) {
        record Region(String what, long base, long size) {
            long last() {
                return base + size - 1;
            }
        }
        List<Region> regions = new ArrayList<>();
        for (Ram r : ram) {
            regions.add(new Region("RAM at 0x" + Long.toHexString(r.base()), r.base(), r.size()));
        }
        for (Device d : devices) {
            regions.add(new Region("device '" + d.name() + "'", d.base(), d.size()));
        }
        for (int i = 0; i < regions.size(); i++) {
            for (int j = i + 1; j < regions.size(); j++) {
                Region a = regions.get(i);
                Region b = regions.get(j);
                if (Long.compareUnsigned(a.base(), b.last()) <= 0 && Long.compareUnsigned(b.base(), a.last()) <= 0) {
                    throw new IllegalArgumentException(a.what() + " overlaps " + b.what());
                }
            }
        }
    }

    private static void requireName(String name, String what) {
        require(name != null && NAME.matcher(name).matches(),
                what + " '" + name + "' must be lower case letters, digits and '-'");
    }

    private static <T> List<T> copy(List<T> list, String what) {
        require(list != null, what + " must not be null");
        for (T t : list) {
            require(t != null, what + " must not contain null");
        }
        return List.copyOf(list);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
