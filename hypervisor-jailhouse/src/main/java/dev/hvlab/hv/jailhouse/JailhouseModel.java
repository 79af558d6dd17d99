package dev.hvlab.hv.jailhouse;

import static dev.hvlab.core.gic.GicRegisters.GICD_CTLR;
import static dev.hvlab.core.gic.GicRegisters.GICD_ISENABLER;
import static dev.hvlab.core.gic.GicRegisters.GICR_FRAME;
import static dev.hvlab.core.gic.GicRegisters.GICR_SGI_BASE;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.hypervisor.El2Dispatcher;
import dev.hvlab.core.hypervisor.El2Operations;
import dev.hvlab.core.hypervisor.El2Platform;
import dev.hvlab.core.hypervisor.HypervisorModel;
import dev.hvlab.core.hypervisor.Partition;
import dev.hvlab.core.hypervisor.PartitionReport;
import dev.hvlab.core.hypervisor.Stage2Tables;
import dev.hvlab.core.hypervisor.Trap;
import dev.hvlab.core.hypervisor.TrapResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Jailhouse on ARMv8 as a model (siemens/jailhouse, hypervisor/arch/arm64 and arm-common; see
 * docs/HYPERVISOR-MODELS.md and HYPERVISORS.md section 3): static partitioning of the CPUs, memory
 * and interrupts into cells, no scheduler.
 *
 * <p>EL2 as Jailhouse sets it up per CPU: HCR_EL2 = VM | IMO | FMO | TSC | TAC | RW (IMO/FMO clear
 * in SDEI mode; no TWI/TWE: WFI runs natively), one set of 1:1 stage 2 tables per cell from its
 * memory regions (the GIC distributor and redistributors left unmapped so they trap), ICH_HCR_EL2 =
 * En, the EL2 physical CPU interface with EOImode = 1, SGI_INJECT, SGI_EVENT and the maintenance
 * interrupt enabled in the redistributor. CNTHCTL_EL2, MDCR_EL2 and CPTR_EL2 are left as the EL2
 * boot code of the root Linux leaves them (Jailhouse does not touch them): physical counter and timer
 * accessible, no debug or FP traps; VPIDR/VMPIDR_EL2 = MIDR/MPIDR.
 *
 * <p>What is not modelled: cell create/destroy at run time (cells come from the config), the comm
 * region and cell messaging, virtual PCI (ivshmem registers are a plain page, see {@link Ivshmem}),
 * sub-page MMIO, the SMMU, GICv2, SDEI event delivery (the SDEI knob only clears IMO/FMO).
 */
public final class JailhouseModel implements HypervisorModel {
    static final long HCR_VM = 1L;
    static final long HCR_FMO = 1L << 3;
    static final long HCR_IMO = 1L << 4;
    static final long HCR_TSC = 1L << 19;
    static final long HCR_TAC = 1L << 21;
    static final long HCR_RW = 1L << 31;
    static final int IPA_BITS = 40;
    /** The per-CPU areas occupy the first 64 KiB of the hypervisor memory; tables follow. */
    private static final long TABLES_OFFSET = 0x1_0000;

    private final JailhouseConfig requested;
    private JailhouseConfig config;
    private El2Platform platform;
    private El2Dispatcher dispatcher;
    private final List<JailhouseCell> cells = new ArrayList<>();
    private JailhouseCell[] cellOf;
    private boolean[] hardened;
    private long hv;
    private long tablesBase;
    private long tablesUsed;
    private long gicdBase;
    private long gicrBase;
    private long gicrSize;
    final IrqChip irqchip = new IrqChip(this);
    private final Hypercalls hypercalls = new Hypercalls(this);
    private final PsciEmulation psci = new PsciEmulation(this);
    private final Ivshmem ivshmem = new Ivshmem(this);

    /** @param config the system config, or null for the root cell alone with every CPU and all memory */
    public JailhouseModel(JailhouseConfig config) {
        this.requested = config;
    }

    @Override
    public String name() {
        return "jailhouse";
    }

    JailhouseConfig config() {
        return config;
    }

    El2Platform platform() {
        return platform;
    }

    El2Dispatcher dispatcher() {
        return dispatcher;
    }

    long hypervisorMemory() {
        return hv;
    }

    long gicdBase() {
        return gicdBase;
    }

    long gicrBase() {
        return gicrBase;
    }

    List<JailhouseCell> cells() {
        return cells;
    }

    JailhouseCell rootCell() {
        return cells.get(0);
    }

    JailhouseCell cellOf(int cpu) {
        return cellOf[cpu];
    }

    JailhouseCell cell(String name) {
        for (JailhouseCell c : cells) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }

    boolean hardened(int cpu) {
        return hardened[cpu];
    }

    long memoryPoolUsedPages() {
        return (TABLES_OFFSET + tablesUsed) >>> 12;
    }

    int cpuByMpidr(long mpidr) {
        for (Cpu c : platform.machine().cpus()) {
            if ((c.sysregs.mpidr & 0xFF_00FF_FFFFL) == mpidr) {
                return c.index();
            }
        }
        return -1;
    }

    /** Increments stats[stat] of {@code cpu} (a load and a store in the per-CPU data). */
    void count(El2Operations ops, int cpu, int stat) {
        long pa = PerCpu.stat(hv, cpu, stat);
        long v = ops.load("load stats counter", pa, 8);
        ops.store("store stats counter", pa, v + 1, 8);
    }

    /** arm_cpu_park: the CPU waits in the hypervisor, off for its cell, until a CPU_ON. */
    void park(int cpu) {
        Cpu c = platform.machine().cpu(cpu);
        platform.machine().powerOff(c);
        c.requestStop();
    }

    // -----------------------------------------------------------------------------------------
    // Enable: cells, stage 2, per-CPU EL2 state
    // -----------------------------------------------------------------------------------------

    @Override
    public void install(El2Platform p, El2Dispatcher d) {
        this.platform = p;
        this.dispatcher = d;
        El2Platform.GicV3 gic = p.requireGicV3("jailhouse");
        gicdBase = gic.distributor().base();
        gicrBase = gic.redistributors().base();
        gicrSize = gic.redistributors().size();
        int n = p.machine().cpus().size();
        this.config = requested != null ? requested : JailhouseConfigs.rootOnly(p);
        JailhouseConfigs.validate(config, p);
        hv = config.hypervisorMemory().physStart();
        tablesBase = hv + TABLES_OFFSET;
        cellOf = new JailhouseCell[n];
        hardened = new boolean[n];
        List<JailhouseConfig.Cell> all = new ArrayList<>();
        all.add(config.rootCell());
        all.addAll(config.cells());
        for (JailhouseConfig.Cell c : all) {
            JailhouseCell cell = buildCell(c);
            cells.add(cell);
            cell.partition = d.definePartition(c.name(), c.cpus().stream().mapToInt(Integer::intValue).toArray());
            for (int cpu : c.cpus()) {
                cellOf[cpu] = cell;
            }
        }
        // cell_create: the root cell loses the memory and the SPIs the other cells own.
        for (JailhouseCell c : cells.subList(1, cells.size())) {
            for (int irq : c.config.irqs()) {
                rootCell().irqBitmap[irq] = false;
            }
            for (JailhouseConfig.MemoryRegion r : c.config.memoryRegions()) {
                if (!r.has(JailhouseConfig.COMM_REGION)) {
                    rootCell().stage2.unmap(r.physStart(), r.size());
                }
            }
        }
        ivshmem.install();
        Cpu boot = p.machine().cpu(0);
        long rootEntry = boot.pc;
        long rootX0 = boot.x[0];
        for (int cpu = 0; cpu < n; cpu++) {
            if (cellOf[cpu] != null) {
                setupCpu(cpu);
            }
        }
        El2Dispatcher.enterEl1(boot, rootEntry, rootX0);
        for (JailhouseCell c : cells.subList(1, cells.size())) {
            JailhouseImages.loadAndStart(this, c);
        }
    }

    private JailhouseCell buildCell(JailhouseConfig.Cell c) {
        long arena = tablesBase + tablesUsed;
        long arenaSize = Math.min(0x10_0000, hv + config.hypervisorMemory().size() - arena);
        Stage2Tables tables = new Stage2Tables(platform.machine().memory(), IPA_BITS, arena, arenaSize);
        JailhouseCell cell = new JailhouseCell(c, tables, c.id() + 1, config.maintenanceIrq());
        for (JailhouseConfig.MemoryRegion r : c.memoryRegions()) {
            tables.map(r.virtStart(), r.physStart(), r.size(), attributes(r));
        }
        tablesUsed += arenaSize;
        return cell;
    }

    static long attributes(JailhouseConfig.MemoryRegion r) {
        long a = Stage2Tables.SH_INNER;
        a |= r.has(JailhouseConfig.READ) ? (r.has(JailhouseConfig.WRITE) ? Stage2Tables.S2AP_RW : Stage2Tables.S2AP_RO)
                : r.has(JailhouseConfig.WRITE) ? Stage2Tables.S2AP_WO : 0;
        a |= r.has(JailhouseConfig.IO) ? Stage2Tables.DEVICE : Stage2Tables.NORMAL;
        if (!r.has(JailhouseConfig.EXECUTE)) {
            a |= Stage2Tables.XN;
        }
        return a;
    }

    /** arch_cpu_init + gicv3_cpu_init + arm_cpu_reset, on CPU {@code cpu}, charged on the "enable" path. */
    private void setupCpu(int cpu) {
        El2Operations ops = dispatcher.beginSetup(cpu, "enable");
        Cpu c = ops.cpu();
        JailhouseCell cell = cellOf[cpu];
        // SMCCC discovery: the hardened vectors when the firmware says WORKAROUND_1 is needed here.
        long version = ops.secureMonitorCall(PsciEmulation.SMCCC_VERSION, 0, 0, 0);
        hardened[cpu] = version >= 0x1_0001 && ops.secureMonitorCall(PsciEmulation.SMCCC_ARCH_FEATURES,
                PsciEmulation.SMCCC_ARCH_WORKAROUND_1, 0, 0) == 0;
        irqchip.listRegisters = (int) (ops.readSysreg("ICH_VTR_EL2") & 0x1F) + 1;
        if (cpu == 0) {
            // Affinity routing and Non-secure Group 1 on, as the root Linux's GIC driver left the
            // distributor before enable (cells' GICD_CTLR writes are ignored from now on).
            long ctlr = ops.deviceRead(gicdBase + GICD_CTLR, 4);
            ops.deviceWrite(gicdBase + GICD_CTLR, ctlr | 1L << 1, 4);
        }
        long sgiBase = gicrBase + cpu * GICR_FRAME + GICR_SGI_BASE;
        ops.deviceWrite(sgiBase + GICD_ISENABLER,
                1L << IrqChip.SGI_INJECT | 1L << IrqChip.SGI_EVENT | 1L << config.maintenanceIrq(), 4);
        ops.writeSysreg("ICC_CTLR_EL1", 1L << 1); // EOImode: priority drop and deactivation split
        ops.writeSysreg("ICC_PMR_EL1", 0xF0);
        ops.writeSysreg("ICC_IGRPEN1_EL1", 1);
        for (int lr = 0; lr < irqchip.listRegisters; lr++) {
            ops.writeListRegister(lr, 0);
        }
        ops.writeSysreg("ICH_AP1R0_EL2", 0);
        ops.writeSysreg("ICH_VMCR_EL2", 0);
        ops.writeSysreg("ICH_HCR_EL2", 1); // En
        long hcr = HCR_VM | HCR_TSC | HCR_TAC | HCR_RW | (config.sdei() ? 0 : HCR_IMO | HCR_FMO);
        ops.writeSysreg("VTCR_EL2", cell.stage2.vtcr(IPA_BITS));
        ops.writeSysreg("VTTBR_EL2", cell.stage2.vttbr(cell.vmid));
        ops.writeSysreg("HCR_EL2", hcr);
        ops.writeSysreg("CNTHCTL_EL2", 3); // EL1PCTEN | EL1PCEN, as Linux's EL2 setup leaves it
        ops.writeSysreg("CNTVOFF_EL2", 0);
        long pmcr = ops.readSysreg("PMCR_EL0");
        ops.writeSysreg("MDCR_EL2", pmcr >>> 11 & 0x1F); // HPMN = PMCR_EL0.N, no debug or PMU traps
        ops.writeSysreg("CPTR_EL2", 0x33FF); // RES1 bits only: no FP trap
        ops.writeSysreg("VPIDR_EL2", ops.readSysreg("MIDR_EL1"));
        ops.writeSysreg("VMPIDR_EL2", ops.readSysreg("MPIDR_EL1"));
        if (cpu == cell.firstCpu()) {
            ivshmem.routeInterrupts(ops, cell);
        }
        ops.tlbiVmalls12e1();
        dispatcher.endSetup(ops);
        platform.gic().cpuStateChanged(c.index());
    }

    // -----------------------------------------------------------------------------------------
    // Exits (hypervisor/arch/arm64/entry.S, traps.c)
    // -----------------------------------------------------------------------------------------

    @Override
    public void enter(Trap t, El2Operations ops) {
        int cpu = t.cpuIndex();
        long frame = PerCpu.frame(hv, cpu);
        ops.saveGprs(frame, 0, 4);
        count(ops, cpu, PerCpu.STAT_VMEXITS_TOTAL);
        if (hardened[cpu]) {
            ops.secureMonitorCall(PsciEmulation.SMCCC_ARCH_WORKAROUND_1, 0, 0, 0);
        }
        ops.saveGprs(frame, 5, 30);
        if (t.kind() == dev.hvlab.core.exception.ExceptionKind.SYNC) {
            // fill_trap_context
            ops.readSysreg("SPSR_EL2");
            ops.readSysreg("SP_EL1");
            ops.readSysreg("SP_EL0");
            ops.readSysreg("ESR_EL2");
            ops.readSysreg("ELR_EL2");
            ops.compute("trap_handlers[EC]", 4);
        }
    }

    @Override
    public void leave(Trap t, El2Operations ops) {
        ops.restoreGprs(PerCpu.frame(hv, t.cpuIndex()), 0, 30);
    }

    @Override
    public TrapResult hvc(Trap t, El2Operations ops) {
        if (t.imm16() != Hypercalls.HVC_CODE) {
            return TrapResult.FORBIDDEN; // handle_hvc: only the Jailhouse hypercall
        }
        ops.path("hypercall");
        JailhouseCell cell = cellOf[t.cpuIndex()];
        long r = hypercalls.call(ops, cell, ops.gpr(0), ops.gpr(1), ops.gpr(2));
        ops.setGpr(0, r);
        return TrapResult.HANDLED;
    }

    @Override
    public TrapResult smc(Trap t, El2Operations ops) {
        JailhouseCell cell = cellOf[t.cpuIndex()];
        int fid = (int) ops.gpr(0);
        long r;
        if (PsciEmulation.isSmcccArch(fid)) {
            ops.path("smccc");
            r = psci.smccc(ops, fid, ops.gpr(1));
        } else if (PsciEmulation.isPsci(fid)) {
            ops.path("psci");
            r = psci.psci(ops, cell, fid, ops.gpr(1), ops.gpr(2), ops.gpr(3));
        } else {
            r = PsciEmulation.NOT_SUPPORTED; // SiP and other owners: not forwarded upstream
        }
        ops.setGpr(0, r);
        ops.skipInstruction();
        return TrapResult.HANDLED;
    }

    @Override
    public TrapResult sysreg(Trap t, El2Operations ops) {
        if ("ICC_SGI1R_EL1".equals(t.sysregName()) && !t.sysregRead()) {
            ops.path("sgi");
            irqchip.sgi1r(ops, cellOf[t.cpuIndex()], ops.gpr(t.sysregRt()));
            ops.skipInstruction();
            return TrapResult.HANDLED;
        }
        return TrapResult.UNHANDLED;
    }

    @Override
    public TrapResult irq(Trap t, El2Operations ops) {
        return irqchip.handleIrq(ops);
    }

    /**
     * arch_handle_dabt + mmio_handle_access: decode the syndrome (ISV = 0 is unhandled), find the
     * cell's emulated region (distributor, its redistributors, ivshmem registers) and perform the
     * access, or fail the cell for an access outside its config.
     */
    @Override
    public TrapResult dataAbort(Trap t, El2Operations ops) {
        ops.path("mmio");
        int cpu = t.cpuIndex();
        JailhouseCell cell = cellOf[cpu];
        count(ops, cpu, PerCpu.STAT_VMEXITS_MMIO);
        long hpfar = ops.readSysreg("HPFAR_EL2");
        long far = ops.readSysreg("FAR_EL2");
        long ipa = (hpfar >>> 4) << 12 | (far & 0xFFF);
        if (!t.isv()) {
            return TrapResult.UNHANDLED;
        }
        int size = t.accessSize();
        boolean write = t.write();
        long value = write ? ops.gpr(t.srt()) & sizeMask(size) : 0;
        ops.compute("find_region (binary search)", 12);
        Long result;
        if (Long.compareUnsigned(ipa - gicdBase, 0x1_0000) < 0) {
            ops.path("gicd-access");
            result = irqchip.distributor(ops, cell, ipa - gicdBase, write, value, size);
        } else if (Long.compareUnsigned(ipa - gicrBase, gicrSize) < 0) {
            ops.path("gicr-access");
            result = irqchip.redistributor(ops, cell, ipa, write, value, size);
        } else {
            result = ivshmem.access(ops, cell, ipa, write, value, size);
        }
        if (result == null) {
            return TrapResult.FORBIDDEN;
        }
        if (!write) {
            long v = result & sizeMask(size);
            if (t.signExtend() && size < 8) {
                int shift = 64 - 8 * size;
                v = v << shift >> shift;
                if (!t.sixtyFour()) {
                    v &= 0xFFFF_FFFFL;
                }
            }
            ops.setGpr(t.srt(), v);
        }
        ops.skipInstruction();
        return TrapResult.HANDLED;
    }

    private static long sizeMask(int size) {
        return size >= 8 ? -1L : (1L << (8 * size)) - 1;
    }

    @Override
    public void partitionStopped(Partition partition, PartitionReport report) {
        JailhouseCell cell = cell(partition.name());
        if (cell != null) {
            cell.state = JailhouseCell.FAILED;
        }
    }
}
