package dev.hvlab.hv.jailhouse;

import java.util.List;

/** Test configs on the i.MX 8QM: hypervisor memory where NXP's imx8qm.c puts it, a root cell, one inmate cell. */
final class Configs {
    static final long RAM = 0x8000_0000L;
    static final long HV = 0xFDC0_0000L;
    static final long HV_SIZE = 0x40_0000L;
    static final long INMATE_RAM = 0xC000_0000L;
    static final long INMATE_SIZE = 0x100_0000L;
    static final List<String> RWX = List.of("read", "write", "execute");

    private Configs() {
    }

    static JailhouseConfig.Cell root(List<Integer> cpus) {
        return new JailhouseConfig.Cell("root", 0, cpus, List.of(
                new JailhouseConfig.MemoryRegion(RAM, RAM, HV - RAM, RWX),
                new JailhouseConfig.MemoryRegion(HV + HV_SIZE, HV + HV_SIZE, 0x1_0000_0000L - HV - HV_SIZE, RWX),
                new JailhouseConfig.MemoryRegion(0x5a06_0000L, 0x5a06_0000L, 0x1000, List.of("read", "write", "io"))),
                java.util.stream.IntStream.range(32, 288).boxed().toList(), true, "");
    }

    static JailhouseConfig.Cell inmate(String name, List<Integer> cpus, List<Integer> irqs, String image) {
        return new JailhouseConfig.Cell(name, 1, cpus, List.of(
                new JailhouseConfig.MemoryRegion(INMATE_RAM, INMATE_RAM, INMATE_SIZE,
                        List.of("read", "write", "execute", "loadable"))), irqs, true, image);
    }

    static JailhouseConfig system(JailhouseConfig.Cell root, List<JailhouseConfig.Cell> cells) {
        return new JailhouseConfig(new JailhouseConfig.Region(HV, HV_SIZE), 25, false, root, cells, List.of());
    }
}
