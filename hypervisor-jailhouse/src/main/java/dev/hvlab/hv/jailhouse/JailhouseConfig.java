package dev.hvlab.hv.jailhouse;

import java.util.List;

/**
 * A Jailhouse system configuration as JSON, mirroring the fields of Jailhouse's
 * {@code struct jailhouse_system} and {@code struct jailhouse_cell_desc}
 * (include/jailhouse/cell-config.h): the hypervisor's memory, the platform's maintenance IRQ, the
 * root cell and the non-root cells that are created, loaded and started at boot (as after
 * {@code jailhouse cell create/load/start}). Every field is required (use [] or "" for none).
 *
 * @param hypervisorMemory where the hypervisor lives (its per-CPU data and the cells' stage 2 tables)
 * @param maintenanceIrq   the GIC maintenance interrupt (PPI 25 on the i.MX 8QM)
 * @param sdei             SDEI mode: HCR_EL2.IMO/FMO clear, physical interrupts go straight to the cells
 * @param rootCell         the root cell; its image is the one {@code hvlab boot --kernel} loads
 * @param cells            the non-root cells, each started at boot on its first CPU
 * @param ivshmem          inter-cell shared-memory links with a doorbell
 */
public record JailhouseConfig(Region hypervisorMemory, int maintenanceIrq, boolean sdei, Cell rootCell,
        List<Cell> cells, List<Ivshmem> ivshmem) {

    /** JAILHOUSE_MEM_* flags. */
    public static final String READ = "read";
    public static final String WRITE = "write";
    public static final String EXECUTE = "execute";
    public static final String DMA = "dma";
    public static final String IO = "io";
    public static final String COMM_REGION = "comm-region";
    public static final String LOADABLE = "loadable";
    static final List<String> FLAGS = List.of(READ, WRITE, EXECUTE, DMA, IO, COMM_REGION, LOADABLE);

    public JailhouseConfig {
        cells = List.copyOf(cells);
        ivshmem = List.copyOf(ivshmem);
        if (maintenanceIrq < 16 || maintenanceIrq > 31) {
            throw new IllegalArgumentException("maintenanceIrq must be a PPI (16-31)");
        }
    }

    /** A physical range. */
    public record Region(long physStart, long size) {
        public Region {
            if (size <= 0 || (physStart & 0xFFF) != 0 || (size & 0xFFF) != 0) {
                throw new IllegalArgumentException("region 0x" + Long.toHexString(physStart) + " size 0x"
                        + Long.toHexString(size) + " must be non-empty and page aligned");
            }
        }
    }

    /**
     * A {@code struct jailhouse_memory}: physical and guest-physical start, size, flags.
     *
     * @param flags any of read, write, execute, dma, io, comm-region, loadable
     */
    public record MemoryRegion(long physStart, long virtStart, long size, List<String> flags) {
        public MemoryRegion {
            flags = List.copyOf(flags);
            for (String f : flags) {
                if (!FLAGS.contains(f)) {
                    throw new IllegalArgumentException("unknown memory flag '" + f + "' (known: " + String.join(", ", FLAGS) + ")");
                }
            }
            if (size <= 0 || ((physStart | virtStart | size) & 0xFFF) != 0) {
                throw new IllegalArgumentException("memory region 0x" + Long.toHexString(physStart)
                        + " must be non-empty and page aligned");
            }
        }

        public boolean has(String flag) {
            return flags.contains(flag);
        }

        public boolean containsIpa(long ipa) {
            return Long.compareUnsigned(ipa - virtStart, size) < 0;
        }
    }

    /**
     * A cell: {@code struct jailhouse_cell_desc} with its CPU set, memory regions, the SPIs its
     * irqchip bitmap gives it, whether it may use the debug console hypercall, and its image.
     *
     * @param irqs  the SPI INTIDs (32 and up) the cell owns (the irqchip's pin_bitmap, as a list)
     * @param image the bare-metal ELF to load into the cell ("" for the root cell: the booted kernel)
     */
    public record Cell(String name, int id, List<Integer> cpus, List<MemoryRegion> memoryRegions, List<Integer> irqs,
            boolean debugConsole, String image) {
        public Cell {
            cpus = List.copyOf(cpus);
            memoryRegions = List.copyOf(memoryRegions);
            irqs = List.copyOf(irqs);
            if (cpus.isEmpty()) {
                throw new IllegalArgumentException("cell '" + name + "' needs at least one CPU");
            }
            for (int irq : irqs) {
                if (irq < 32 || irq > 1019) {
                    throw new IllegalArgumentException("cell '" + name + "' irq " + irq + " is not an SPI (32-1019)");
                }
            }
        }
    }

    /**
     * An ivshmem link between two cells: a shared memory region mapped read/write in both, and per
     * cell a doorbell register page (trapped) and the SPI its peer's doorbell raises in it.
     */
    public record Ivshmem(Region sharedMemory, List<Peer> peers) {
        public Ivshmem {
            peers = List.copyOf(peers);
            if (peers.size() != 2) {
                throw new IllegalArgumentException("an ivshmem link has exactly two peers");
            }
        }
    }

    /** One end of an ivshmem link: the cell, its register page (IPA) and its interrupt (SPI INTID). */
    public record Peer(String cell, long registers, int irq) {
    }
}
