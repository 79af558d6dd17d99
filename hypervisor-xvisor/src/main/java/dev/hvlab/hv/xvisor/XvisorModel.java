package dev.hvlab.hv.xvisor;

import dev.hvlab.core.config.BoardConfig;
import dev.hvlab.core.config.UserInputException;
import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.ExceptionClass;
import dev.hvlab.core.exception.ExceptionKind;
import dev.hvlab.core.gic.GicRegisters;
import dev.hvlab.core.hypervisor.El2Dispatcher;
import dev.hvlab.core.hypervisor.El2Operations;
import dev.hvlab.core.hypervisor.El2Platform;
import dev.hvlab.core.hypervisor.HypervisorModel;
import dev.hvlab.core.hypervisor.Stage2Tables;
import dev.hvlab.core.hypervisor.Trap;
import dev.hvlab.core.hypervisor.TrapResult;
import dev.hvlab.core.machine.PrimitiveCosts.Barrier;
import java.util.ArrayList;
import java.util.List;

/**
 * Xvisor on ARMv8 as a model (xvisor/xvisor, arch/arm/cpu/arm64, core/, emulators/; see
 * docs/HYPERVISOR-MODELS.md and HYPERVISORS.md section 4): a monolithic type 1 hypervisor at EL2
 * that emulates its guests' devices itself (interrupt controller, UART, virtio back ends), schedules
 * normal vCPUs and its own orphan threads with one per-CPU scheduler (PRR or PRM, priorities, time
 * slices, affinity), traps WFI and blocks the vCPU with a timeout.
 *
 * <p>Every exit: {@code PUSH_REGS} of x0-x30, ELR_EL2 and SPSR_EL2 to the CPU's trap frame,
 * {@code do_sync}/{@code do_irq} (ESR, FAR, ELR read; EC switch), {@code vmm_scheduler_irq_exit}
 * (where a pending reschedule switches vCPUs by rewriting the frame), {@code PULL_REGS}, ERET.
 */
public final class XvisorModel implements HypervisorModel {
    static final int SGI_IPI = 1;
    static final int PPI_HYP_TIMER = 26;
    static final int PPI_VIRT_TIMER = 27;
    static final int PPI_PHYS_TIMER = 30;
    static final int IPI_RESCHED = 1;
    static final int IPI_VGIC_SYNC = 2;
    static final int IPA_BITS = 40;
    static final int WFI_YIELD_THRESHOLD = 100;
    private static final long FRAME_BYTES = 0x200;
    private static final long IDLE_CODE = 0x1000;
    private static final long CONTEXTS = 0x2000;
    private static final long NODES = 0x4_0000;
    private static final long GIC_STATE = 0x6_0000;
    private static final long SCHED = 0x8_0000;
    private static final long TABLES = 0x10_0000;
    private static final long TABLES_PER_GUEST = 0x8_0000;
    static final long HYPERVISOR_MEMORY_BELOW_END = 0x240_0000;
    static final long HYPERVISOR_MEMORY_SIZE = 0x40_0000;

    private final XvisorConfig requested;
    private XvisorConfig config;
    private El2Platform platform;
    private El2Dispatcher dispatcher;
    private long hv;
    private long counterHz;
    private final List<GuestVm> guests = new ArrayList<>();
    private final List<Vcpu> vcpus = new ArrayList<>();
    private Scheduler scheduler;
    private HostTimers timers;
    private Vgic vgic;
    private VcpuSwitch vcpuSwitch;
    private final Psci psci = new Psci(this);
    private int[] ipiFlags;
    private boolean smcccNotSupported;
    private boolean vtimerEoiUnmask;
    private boolean poweredOff;

    /** @param config the configuration, or null for one guest running the booted image on every CPU */
    public XvisorModel(XvisorConfig config) {
        this.requested = config;
    }

    @Override
    public String name() {
        return "xvisor";
    }

    Scheduler scheduler() {
        return scheduler;
    }

    HostTimers timers() {
        return timers;
    }

    Vgic vgic() {
        return vgic;
    }

    VcpuSwitch vcpuSwitch() {
        return vcpuSwitch;
    }

    List<GuestVm> guests() {
        return guests;
    }

    XvisorConfig config() {
        return config;
    }

    boolean vtimerEoiUnmask() {
        return vtimerEoiUnmask;
    }

    long frame(int cpu) {
        return hv + FRAME_BYTES * cpu;
    }

    GuestVm guest(String name) {
        for (GuestVm g : guests) {
            if (g.name.equals(name)) {
                return g;
            }
        }
        return null;
    }

    // -----------------------------------------------------------------------------------------
    // Boot: guests, vCPUs, per-CPU EL2 state
    // -----------------------------------------------------------------------------------------

    @Override
    public void install(El2Platform p, El2Dispatcher d) {
        this.platform = p;
        this.dispatcher = d;
        El2Platform.GicV3 gic = p.requireGicV3("xvisor");
        BoardConfig.Device gicd = gic.distributor();
        BoardConfig.Device gicr = gic.redistributors();
        int n = p.machine().cpus().size();
        config = requested != null ? requested : XvisorConfigs.singleGuest(p);
        XvisorConfigs.validate(config, p);
        smcccNotSupported = config.deviations().contains(XvisorConfig.SMCCC_NOT_SUPPORTED);
        vtimerEoiUnmask = config.deviations().contains(XvisorConfig.VTIMER_EOI_UNMASK);
        hv = config.hypervisorMemory().physStart();
        counterHz = p.board().counterFrequencyHz();
        timers = new HostTimers(n);
        scheduler = new Scheduler(this, config.scheduler(), n, hv + SCHED);
        vcpuSwitch = new VcpuSwitch(this);
        ipiFlags = new int[n];
        long wfi = 0xD503207FL;
        long branchBack = 0x17FF_FFFFL; // B .-4
        p.machine().memory().write(hv + IDLE_CODE, new byte[] {(byte) wfi, (byte) (wfi >> 8), (byte) (wfi >> 16),
            (byte) (wfi >> 24), (byte) branchBack, (byte) (branchBack >> 8), (byte) (branchBack >> 16),
            (byte) (branchBack >> 24)}, 0, 8);
        Cpu boot = p.machine().cpu(0);
        long bootEntry = boot.pc;
        long bootX0 = boot.x[0];
        int[] load = new int[n];
        for (int i = 0; i < n; i++) {
            Vcpu idle = new Vcpu(vcpus.size(), "idle/" + i, null, 0, new int[] {i}, 0, Long.MAX_VALUE / 4,
                    Long.MAX_VALUE / 4, hv + CONTEXTS + (long) Vcpu.SIZE * vcpus.size());
            vcpus.add(idle);
            scheduler.idle[i] = idle;
            writeFreshContext(idle, hv + IDLE_CODE, 0);
        }
        for (XvisorConfig.Guest gc : config.guests()) {
            GuestVm g = buildGuest(gc, load);
            guests.add(g);
        }
        El2Operations first = null;
        for (int cpu = 0; cpu < n; cpu++) {
            El2Operations ops = d.beginSetup(cpu, "boot");
            setupCpu(ops, cpu);
            d.endSetup(ops);
            if (cpu == 0) {
                first = ops;
            }
        }
        // vmm_manager_guest_kick: each guest's first vCPU becomes READY; the rest wait for CPU_ON.
        for (GuestVm g : guests) {
            XvisorConfig.Guest gc = config.guests().get(g.id);
            long[] entry = gc.image().isEmpty() ? new long[] {bootEntry, bootX0} : XvisorImages.load(this, p, g, gc);
            if (gc.image().isEmpty()) {
                GuestDeviceTree.describe(p.machine().memory(), bootX0, g, gc, config.hypervisorMemory());
            }
            Vcpu v0 = g.vcpus.get(0);
            writeFreshContext(v0, entry[0], entry[1]);
            v0.state = Vcpu.State.READY;
            scheduler.rq[v0.hostCpu].enqueue(v0);
        }
        for (int cpu = 0; cpu < n; cpu++) {
            El2Operations ops = d.beginSetup(cpu, "boot");
            Vcpu next = scheduler.rq[cpu].dequeue();
            if (next == null) {
                next = scheduler.idle[cpu];
            }
            next.state = Vcpu.State.RUNNING;
            vcpuSwitch.switchTo(ops, null, next);
            scheduler.current[cpu] = next;
            if (next.normal()) {
                timers.start(ops, HostTimers.Kind.TIME_SLICE, scheduler.idle[cpu],
                        ops.readSysreg("CNTPCT_EL0") + next.timeSliceTicks);
            }
            d.endSetup(ops);
            Cpu c = p.machine().cpu(cpu);
            El2Dispatcher.enterEl1(c, readContext(next, 31), readContext(next, 0));
            if (!next.normal()) {
                c.sysregs.sctlrEl1 = 0x30D0_0800L;
            }
            p.gic().cpuStateChanged(cpu);
            if (cpu != 0) {
                p.machine().start(cpu);
            }
        }
    }

    private GuestVm buildGuest(XvisorConfig.Guest gc, int[] load) {
        int id = guests.size();
        Stage2Tables tables = new Stage2Tables(platform.machine().memory(), IPA_BITS,
                hv + TABLES + TABLES_PER_GUEST * id, TABLES_PER_GUEST);
        GuestVm g = new GuestVm(gc.name(), id, tables, new Devemu(hv + NODES + 0x1000L * id));
        for (int i = 0; i < gc.vcpus().size(); i++) {
            XvisorConfig.Vcpu vc = gc.vcpus().get(i);
            int[] aff = vc.affinity().stream().mapToInt(Integer::intValue).toArray();
            Vcpu v = new Vcpu(vcpus.size(), gc.name() + "/vcpu" + i, g, i, aff, vc.priority(),
                    vc.timeSliceUs() * counterHz / 1_000_000, vc.periodUs() * counterHz / 1_000_000,
                    hv + CONTEXTS + (long) Vcpu.SIZE * vcpus.size());
            // vmm_loadbal_good_hcpu: the least loaded CPU of the affinity
            int best = aff[0];
            for (int c : aff) {
                if (load[c] < load[best]) {
                    best = c;
                }
            }
            v.hostCpu = best;
            load[best]++;
            v.vmpidr = 1L << 31 | (long) (i / 4) << 8 | (i % 4);
            vcpus.add(v);
            g.vcpus.add(v);
        }
        for (XvisorConfig.Region r : gc.memory()) {
            g.aspace.add(new Devemu.Region(r.name(), r.guestPhys(), r.size(), r.hostPhys(),
                    XvisorConfig.RAM.equals(r.type()), null));
        }
        for (XvisorConfig.Device dev : gc.devices()) {
            switch (dev.compatible()) {
                case XvisorConfig.GICV2, XvisorConfig.GICV3_VIEW -> {
                    boolean v3 = dev.compatible().equals(XvisorConfig.GICV3_VIEW);
                    g.gic = new GicEmulator(this, g, v3, dev.guestPhys(), hv + GIC_STATE + 0x1000L * id);
                    addEmulator(g, dev.name(), dev.guestPhys(), g.gic.distributor());
                    if (v3) {
                        // At the board's own GIC addresses the redistributors are where the board has them
                        // (a guest device tree made for the board stays right); elsewhere 1 MiB above GICD.
                        BoardConfig.Device bd = platform.device("gicv3-distributor");
                        long redist = bd != null && bd.base() == dev.guestPhys()
                                ? platform.device("gicv3-redistributor").base() : dev.guestPhys() + 0x10_0000;
                        addEmulator(g, dev.name() + "-redist", redist, g.gic.redistributors());
                    } else {
                        addEmulator(g, dev.name() + "-cpu", dev.guestPhys() + GicEmulator.GICC_OFFSET_V2,
                                g.gic.cpuInterfaceV2());
                    }
                }
                case XvisorConfig.PL011 -> addEmulator(g, dev.name(), dev.guestPhys(),
                        new Pl011Emulator(g, dev.irq(), platform.console()));
                default -> addEmulator(g, dev.name(), dev.guestPhys(), Virtio.create(this, g, dev));
            }
        }
        if (g.gic == null) {
            throw new UserInputException("xvisor: guest '" + gc.name() + "' needs an interrupt controller (gicv2 or gicv3-view)");
        }
        for (Vcpu v : g.vcpus) {
            writeFreshContext(v, 0, 0);
        }
        return g;
    }

    private static void addEmulator(GuestVm g, String name, long base, Emulator e) {
        g.aspace.add(new Devemu.Region(name, base, e.size(), 0, false, e));
        g.devices.add(e);
    }

    /** cpu_init / arch_cpu_irq_setup / the host GICv3 driver's per-CPU init, at EL2. */
    private void setupCpu(El2Operations ops, int cpu) {
        vgic = vgic != null ? vgic : new Vgic(this, (int) (ops.readSysreg("ICH_VTR_EL2") & 0x1F) + 1);
        BoardConfig.Device gicd = platform.device("gicv3-distributor");
        BoardConfig.Device gicr = platform.device("gicv3-redistributor");
        if (cpu == 0) {
            long ctlr = ops.deviceRead(gicd.base(), 4);
            ops.deviceWrite(gicd.base(), ctlr | 1L << 4 | 1L << 1, 4); // ARE_NS, EnableGrp1NS
        }
        long rd = gicr.base() + GicRegisters.GICR_FRAME * cpu;
        ops.deviceWrite(rd + 0x14, 0, 4); // GICR_WAKER: ProcessorSleep off
        long sgi = rd + 0x10000;
        long mine = 1L << SGI_IPI | 1L << PPI_HYP_TIMER | 1L << PPI_VIRT_TIMER | 1L << PPI_PHYS_TIMER
                | 1L << Vgic.MAINTENANCE_PPI;
        ops.deviceWrite(sgi + 0x80, mine, 4); // IGROUPR0: Group 1
        ops.deviceWrite(sgi + 0x100, mine, 4); // ISENABLER0
        ops.writeSysreg("ICC_SRE_EL2", 0xF);
        ops.writeSysreg("ICC_CTLR_EL1", 0); // EOImode 0: EOIR drops priority and deactivates
        ops.writeSysreg("ICC_PMR_EL1", 0xFF);
        ops.writeSysreg("ICC_IGRPEN1_EL1", 1);
        for (int lr = 0; lr < vgic.listRegisters; lr++) {
            ops.writeListRegister(lr, 0);
        }
        ops.writeSysreg("ICH_HCR_EL2", 0);
        ops.writeSysreg("VTCR_EL2", guests.get(0).stage2.vtcr(IPA_BITS));
        ops.writeSysreg("CNTHCTL_EL2", 3); // EL1PCTEN | EL1PCEN: the guest uses both timers directly
        ops.writeSysreg("CNTHP_CTL_EL2", 2);
        long pmcr = ops.readSysreg("PMCR_EL0");
        ops.writeSysreg("MDCR_EL2", pmcr >>> 11 & 0x1F);
        ops.writeSysreg("VPIDR_EL2", ops.readSysreg("MIDR_EL1"));
        ops.tlbiVmalls12e1();
    }

    /** A vCPU's context as after {@code arch_vcpu_init}/reset: registers zero but x0, pc, EL1h with DAIF masked. */
    private void writeFreshContext(Vcpu v, long entry, long x0) {
        byte[] ctx = new byte[Vcpu.SIZE];
        put(ctx, Vcpu.REGS, x0);
        put(ctx, Vcpu.REGS + 31 * 8, entry);
        put(ctx, Vcpu.REGS + 32 * 8, 0x3C5);
        put(ctx, Vcpu.SYSREGS + 8 * index(VcpuSwitch.SYSREGS, "SCTLR_EL1"), 0x30D0_0800L);
        put(ctx, Vcpu.TIMER + Vcpu.T_VCTL, VcpuSwitch.CTL_IMASK);
        put(ctx, Vcpu.TIMER + Vcpu.T_PCTL, VcpuSwitch.CTL_IMASK);
        put(ctx, Vcpu.VGIC + 32, 0);
        if (v.guest != null) {
            put(ctx, Vcpu.TIMER + Vcpu.T_VOFF, v.guest.resetCounter);
        }
        platform.machine().memory().write(v.context, ctx, 0, ctx.length);
        v.fpLive = false;
        v.wfiYields = 0;
        v.wfiWaiting = false;
        v.vgicQueue.clear();
    }

    /** PSCI CPU_ON: the target's context reset with stores (charged on the caller). */
    void resetVcpu(El2Operations ops, Vcpu v, long entry, long x0) {
        ops.compute("vmm_manager_vcpu_reset: arch_vcpu_init", 40);
        for (int r = 0; r <= 30; r += 2) {
            ops.store("reset context", v.context + 8L * r, 0, 8);
        }
        for (int i = 0; i < VcpuSwitch.SYSREGS.length; i++) {
            ops.store("reset context", v.context + Vcpu.SYSREGS + 8L * i, 0, 8);
        }
        writeFreshContext(v, entry, x0);
    }

    private long readContext(Vcpu v, int slot) {
        byte[] b = new byte[8];
        platform.machine().memory().read(v.context + 8L * slot, b, 0, 8);
        long r = 0;
        for (int i = 7; i >= 0; i--) {
            r = r << 8 | (b[i] & 0xFF);
        }
        return r;
    }

    private static void put(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> 8 * i);
        }
    }

    private static int index(String[] a, String s) {
        for (int i = 0; i < a.length; i++) {
            if (a[i].equals(s)) {
                return i;
            }
        }
        throw new IllegalArgumentException(s);
    }

    /** {@code vmm_smp_ipi_async_call} to another CPU: a flag, then the physical SGI. */
    void ipi(El2Operations ops, int target, int flag) {
        ops.store("ipi: queue work", hv + SCHED + 64L * target + 8, flag, 4);
        ipiFlags[target] |= flag;
        ops.sendSgi(SGI_IPI, target);
    }

    Vcpu current(int cpu) {
        return scheduler.current[cpu];
    }

    // -----------------------------------------------------------------------------------------
    // Exit and return
    // -----------------------------------------------------------------------------------------

    @Override
    public void enter(Trap t, El2Operations ops) {
        long frame = frame(t.cpuIndex());
        ops.saveGprs(frame, 0, 30);
        ops.store("PUSH_REGS ELR_EL2", frame + 31 * 8, ops.readSysreg("ELR_EL2"), 8);
        ops.store("PUSH_REGS SPSR_EL2", frame + 32 * 8, ops.readSysreg("SPSR_EL2"), 8);
        if (t.kind() == ExceptionKind.SYNC) {
            ops.readSysreg("ESR_EL2");
            ops.readSysreg("FAR_EL2");
            ops.compute("do_sync: EC switch", 6);
        } else {
            ops.compute("do_irq", 4);
        }
        ops.compute("vmm_scheduler_irq_enter", 6);
    }

    @Override
    public void leave(Trap t, El2Operations ops) {
        scheduler.irqExit(ops);
        long frame = frame(t.cpuIndex());
        ops.writeSysreg("ELR_EL2", ops.load("PULL_REGS ELR_EL2", frame + 31 * 8, 8));
        ops.writeSysreg("SPSR_EL2", ops.load("PULL_REGS SPSR_EL2", frame + 32 * 8, 8));
        ops.restoreGprs(frame, 0, 30);
    }

    /** {@code regs->pc += 4} in the trap frame. */
    void skip(El2Operations ops) {
        long slot = frame(ops.cpu().index()) + 31 * 8;
        ops.store("regs->pc += 4", slot, ops.load("load regs->pc", slot, 8) + 4, 8);
    }

    private long framePc(El2Operations ops) {
        return ops.load("load regs->pc", frame(ops.cpu().index()) + 31 * 8, 8);
    }

    // -----------------------------------------------------------------------------------------
    // Synchronous exits
    // -----------------------------------------------------------------------------------------

    @Override
    public TrapResult hvc(Trap t, El2Operations ops) {
        ops.path("hvc-psci");
        return psciCall(t, ops, false);
    }

    @Override
    public TrapResult smc(Trap t, El2Operations ops) {
        ops.path("smc-psci");
        skip(ops);
        return psciCall(t, ops, true);
    }

    private TrapResult psciCall(Trap t, El2Operations ops, boolean smc) {
        Vcpu v = current(t.cpuIndex());
        Long r = psci.call(ops, v);
        if (r == null) {
            if (smcccNotSupported) {
                ops.setGpr(0, Psci.NOT_SUPPORTED);
                return TrapResult.HANDLED;
            }
            injectUndef(ops, t);
            return TrapResult.HANDLED;
        }
        ops.setGpr(0, r);
        return TrapResult.HANDLED;
    }

    /** {@code __cpu_vcpu_inject_und64}: SPSR_EL1 and ELR_EL1 from the frame, EC 0, to VBAR_EL1 + 0x200. */
    private void injectUndef(El2Operations ops, Trap t) {
        ops.path("inject-undef");
        long frame = frame(t.cpuIndex());
        ops.writeSysreg("SPSR_EL1", ops.load("load regs->pstate", frame + 32 * 8, 8));
        ops.writeSysreg("ELR_EL1", framePc(ops));
        ops.store("regs->pstate = EL1h | DAIF", frame + 32 * 8, 0x3C5, 8);
        ops.store("regs->pc = VBAR_EL1 + 0x200", frame + 31 * 8, ops.readSysreg("VBAR_EL1") + 0x200, 8);
        ops.writeSysreg("ESR_EL1", t.il() ? 1L << 25 : 0);
    }

    @Override
    public TrapResult wfx(Trap t, El2Operations ops) {
        Vcpu v = current(t.cpuIndex());
        skip(ops);
        if ((t.iss() & 1) != 0) {
            ops.path("wfe-yield");
            scheduler.yield(ops);
            return TrapResult.HANDLED;
        }
        ops.path("wfi");
        if (vgic.pending(ops, v)) {
            v.wfiYields = 0;
            return TrapResult.HANDLED;
        }
        if (v.wfiYields < WFI_YIELD_THRESHOLD) {
            v.wfiYields++;
            scheduler.yield(ops);
            return TrapResult.HANDLED;
        }
        ops.path("wfi-block");
        v.wfiYields = 0;
        v.wfiWaiting = true;
        long now = ops.readSysreg("CNTPCT_EL0");
        timers.start(ops, HostTimers.Kind.WFI_TIMEOUT, v, now + config.wfiTimeoutUs() * counterHz / 1_000_000);
        scheduler.pause(ops, v);
        return TrapResult.HANDLED;
    }

    @Override
    public TrapResult sysreg(Trap t, El2Operations ops) {
        Vcpu v = current(t.cpuIndex());
        String name = t.sysregName();
        if ("ICC_SGI1R_EL1".equals(name) && !t.sysregRead() && v.guest.gic.v3) {
            ops.path("sgi");
            v.guest.gic.sgi1r(ops, v, ops.gpr(t.sysregRt()));
        } else {
            // cpu_vcpu_emulate_msr_mrs_system: ACTLR (TACR) and the like read as zero, writes ignored
            ops.path("sysreg-emulate");
            ops.compute("cpu_vcpu_sysregs_read/write", 12);
            if (t.sysregRead()) {
                ops.setGpr(t.sysregRt(), 0);
            }
        }
        skip(ops);
        return TrapResult.HANDLED;
    }

    @Override
    public TrapResult other(Trap t, El2Operations ops) {
        Vcpu v = current(t.cpuIndex());
        if (t.ec() == ExceptionClass.FP_ACCESS && v.normal()) {
            // cpu_vcpu_emulate_simd_fp_regs: lazy VFP restore, then the instruction runs again
            ops.path("vfp-lazy-restore");
            ops.writeSysreg("CPTR_EL2", VcpuSwitch.CPTR_TTA);
            ops.restoreFp(v.context + Vcpu.VFP);
            v.fpLive = true;
            return TrapResult.HANDLED;
        }
        return halt(ops, t, v, "unhandled exception class");
    }

    @Override
    public TrapResult instructionAbort(Trap t, El2Operations ops) {
        Vcpu v = current(t.cpuIndex());
        long ipa = ipa(ops);
        Devemu.Region r = v.guest.aspace.lookup(ops, ipa);
        if (r != null && r.emulator() == null && isTranslationFault(t)) {
            return stage2Map(ops, v, r, ipa);
        }
        return halt(ops, t, v, String.format("instruction fetch at IPA 0x%x outside guest RAM", ipa));
    }

    private long ipa(El2Operations ops) {
        long hpfar = ops.readSysreg("HPFAR_EL2");
        long far = ops.trap().far();
        return (hpfar >>> 4) << 12 | (far & 0xFFF);
    }

    private static boolean isTranslationFault(Trap t) {
        return (t.faultStatus() & 0x3C) == 0x04;
    }

    /** cpu_vcpu_stage2_map: the largest block the region allows (1 GiB, 2 MiB, 4 KiB for devices). */
    private TrapResult stage2Map(El2Operations ops, Vcpu v, Devemu.Region r, long ipa) {
        ops.path("stage2-map");
        long size = 0x1000;
        if (r.ram()) {
            for (long s : new long[] {1L << 30, 1L << 21}) {
                long base = ipa & -s;
                if (base >= r.guestPhys() && base + s <= r.guestPhys() + r.size()
                        && ((r.hostPhys() - r.guestPhys()) & (s - 1)) == 0) {
                    size = s;
                    break;
                }
            }
        }
        long base = ipa & -size;
        long attrs = Stage2Tables.SH_INNER | Stage2Tables.S2AP_RW
                | (r.ram() ? Stage2Tables.NORMAL : Stage2Tables.DEVICE | Stage2Tables.XN);
        ops.compute("vmm_guest_physical_map", 20);
        ops.stage2Map(v.guest.stage2, base, r.hostPhys() + (base - r.guestPhys()), size, attrs);
        ops.barrier(Barrier.DSB);
        return TrapResult.HANDLED;
    }

    @Override
    public TrapResult dataAbort(Trap t, El2Operations ops) {
        ops.path("mmio");
        Vcpu v = current(t.cpuIndex());
        long ipa = ipa(ops);
        Devemu.Region r = v.guest.aspace.lookup(ops, ipa);
        if (r == null) {
            return halt(ops, t, v, String.format("access to IPA 0x%x outside the guest's address space", ipa));
        }
        if (r.emulator() == null) {
            if (isTranslationFault(t)) {
                return stage2Map(ops, v, r, ipa);
            }
            return halt(ops, t, v, "permission fault on guest memory");
        }
        if (!t.isv()) {
            return emulateDecoded(t, ops, v, ipa);
        }
        ops.path("mmio-" + r.emulator().name().replace(' ', '-'));
        int size = t.accessSize();
        if (t.write()) {
            long value = ops.gpr(t.srt()) & mask(size);
            Devemu.write(ops, r, v, ipa, value, size);
        } else {
            long raw = Devemu.read(ops, r, v, ipa, size) & mask(size);
            if (t.signExtend() && size < 8) {
                int s = 64 - 8 * size;
                raw = raw << s >> s;
                if (!t.sixtyFour()) {
                    raw &= 0xFFFF_FFFFL;
                }
            }
            ops.setGpr(t.srt(), raw);
        }
        skip(ops);
        return TrapResult.HANDLED;
    }

    /**
     * ISV = 0: AT S12E1R on the faulting PC, PAR_EL1, the instruction loaded from guest memory,
     * decoded in software, its accesses emulated one by one, the base register written back.
     */
    private TrapResult emulateDecoded(Trap t, El2Operations ops, Vcpu v, long ipa) {
        ops.path("mmio-decode");
        long pc = framePc(ops);
        ops.systemInstruction("AT S12E1R", pc);
        ops.barrier(Barrier.ISB);
        long par = ops.readSysreg("PAR_EL1");
        if ((par & 1) != 0) {
            return halt(ops, t, v, "the faulting instruction's address does not translate");
        }
        long pa = par & 0xFFFF_FFFF_F000L | pc & 0xFFF;
        int word = (int) ops.load("load faulting instruction", pa, 4);
        ops.compute("emulate_arm_inst: decode", 30);
        LoadStoreDecode d = LoadStoreDecode.decode(word);
        if (d == null) {
            return halt(ops, t, v, String.format("ISV=0 access by an instruction that is not a load/store (0x%08x)", word));
        }
        boolean el1h = (ops.load("load regs->pstate", frame(t.cpuIndex()) + 32 * 8, 8) & 0xF) == 5;
        String spName = el1h ? "SP_EL1" : "SP_EL0";
        long base = d.rn() == 31 ? ops.readSysreg(spName) : ops.gpr(d.rn());
        long offset = d.rm() >= 0 ? d.registerOffset(ops.gpr(d.rm())) : d.offset();
        long address = d.postIndex() ? base : base + offset;
        int[] regs = d.rt2() >= 0 ? new int[] {d.rt(), d.rt2()} : new int[] {d.rt()};
        for (int k = 0; k < regs.length; k++) {
            long va = address + (long) k * d.size();
            long elementIpa = ipa + (va - t.far());
            Devemu.Region r = v.guest.aspace.lookup(ops, elementIpa);
            if (r == null || r.emulator() == null) {
                return halt(ops, t, v, String.format("decoded access at IPA 0x%x is not emulated", elementIpa));
            }
            if (d.load()) {
                long raw = Devemu.read(ops, r, v, elementIpa, d.size());
                ops.setGpr(regs[k], d.extendLoaded(raw));
            } else {
                Devemu.write(ops, r, v, elementIpa, ops.gpr(regs[k]) & mask(d.size()), d.size());
            }
        }
        if (d.writeback()) {
            long updated = base + offset;
            if (d.rn() == 31) {
                ops.writeSysreg(spName, updated);
            } else {
                ops.setGpr(d.rn(), updated);
            }
        }
        skip(ops);
        return TrapResult.HANDLED;
    }

    private static long mask(int size) {
        return size >= 8 ? -1L : (1L << 8 * size) - 1;
    }

    /** A failed emulation: Xvisor halts the vCPU ({@code cpu_vcpu_halt}); the CPU runs on with others. */
    private TrapResult halt(El2Operations ops, Trap t, Vcpu v, String reason) {
        ops.path("vcpu-halt");
        if (v == null || !v.normal()) {
            return TrapResult.UNHANDLED;
        }
        dispatcher.recordStop(v.guest.name + "/vcpu" + v.subid, ops.cpu(), t, TrapResult.UNHANDLED, reason);
        scheduler.stop(ops, v, Vcpu.State.HALTED);
        checkAllDone(ops);
        return TrapResult.HANDLED;
    }

    // -----------------------------------------------------------------------------------------
    // Interrupts
    // -----------------------------------------------------------------------------------------

    @Override
    public TrapResult irq(Trap t, El2Operations ops) {
        int cpu = t.cpuIndex();
        long iar = ops.readSysreg("ICC_IAR1_EL1");
        int intid = (int) (iar & 0xFFFFFF);
        if (intid >= 1020) {
            ops.path("irq-spurious");
            return TrapResult.HANDLED;
        }
        Vcpu cur = current(cpu);
        switch (intid) {
            case SGI_IPI -> {
                ops.path("ipi");
                int flags = ipiFlags[cpu];
                ipiFlags[cpu] = 0;
                ops.load("ipi: dequeue work", hv + SCHED + 64L * cpu + 8, 4);
                if ((flags & IPI_VGIC_SYNC) != 0 && cur.normal()) {
                    vgic.flush(ops, cur);
                }
                if ((flags & IPI_RESCHED) != 0) {
                    scheduler.resched[cpu] = true;
                }
            }
            case PPI_HYP_TIMER -> {
                ops.path("host-timer");
                for (HostTimers.Event e : timers.expire(ops)) {
                    timerEvent(ops, e);
                }
            }
            case PPI_VIRT_TIMER, PPI_PHYS_TIMER -> {
                ops.path(intid == PPI_VIRT_TIMER ? "vtimer" : "ptimer");
                String ctl = intid == PPI_VIRT_TIMER ? "CNTV_CTL_EL0" : "CNTP_CTL_EL0";
                long c = ops.readSysreg(ctl);
                if ((c & 4) != 0) {
                    ops.writeSysreg(ctl, c | VcpuSwitch.CTL_IMASK);
                    if (cur.normal()) {
                        cur.guest.gic.raisePrivate(ops, cur, intid);
                    }
                }
            }
            case Vgic.MAINTENANCE_PPI -> {
                ops.path("maintenance");
                maintenance(ops, cur);
            }
            default -> ops.path("irq-other");
        }
        ops.writeSysreg("ICC_EOIR1_EL1", intid);
        return TrapResult.HANDLED;
    }

    private void maintenance(El2Operations ops, Vcpu cur) {
        if (vtimerEoiUnmask && cur.normal()) {
            long eisr = ops.readSysreg("ICH_EISR_EL2");
            for (int n = 0; n < vgic.listRegisters; n++) {
                if ((eisr >>> n & 1) != 0) {
                    long lr = ops.readListRegister(n);
                    ops.writeListRegister(n, 0);
                    if ((lr & 0xFFFF) == PPI_VIRT_TIMER) {
                        long c = ops.readSysreg("CNTV_CTL_EL0");
                        ops.writeSysreg("CNTV_CTL_EL0", c & ~VcpuSwitch.CTL_IMASK);
                    }
                }
            }
        }
        vgic.maintenance(ops, cur);
    }

    private void timerEvent(El2Operations ops, HostTimers.Event e) {
        Vcpu v = e.vcpu();
        switch (e.kind()) {
            case TIME_SLICE -> scheduler.timeSliceExpired(ops);
            case WFI_TIMEOUT -> {
                if (v.state == Vcpu.State.PAUSED && v.wfiWaiting) {
                    scheduler.wake(ops, v);
                }
            }
            case VIRT_TIMER, PHYS_TIMER -> {
                // generic_virt/phys_timer_expired: the saved CTL gets IMASK, the PPI is emulated
                long slot = v.context + Vcpu.TIMER + (e.kind() == HostTimers.Kind.VIRT_TIMER ? Vcpu.T_VCTL : Vcpu.T_PCTL);
                ops.store("cntx->ctl |= IMASK", slot, ops.load("load cntx->ctl", slot, 8) | VcpuSwitch.CTL_IMASK, 8);
                v.guest.gic.raisePrivate(ops, v,
                        e.kind() == HostTimers.Kind.VIRT_TIMER ? PPI_VIRT_TIMER : PPI_PHYS_TIMER);
            }
            default -> {
            }
        }
    }

    // -----------------------------------------------------------------------------------------
    // Guest lifecycle
    // -----------------------------------------------------------------------------------------

    /** PSCI SYSTEM_OFF/RESET: {@code vmm_manager_guest_shutdown}: every vCPU of the guest stops. */
    void shutdownGuest(El2Operations ops, GuestVm g) {
        ops.path("guest-shutdown");
        g.shutDown = true;
        for (Vcpu v : g.vcpus) {
            if (v.state != Vcpu.State.RESET) {
                scheduler.stop(ops, v, Vcpu.State.HALTED);
            }
        }
        checkAllDone(ops);
    }

    /**
     * Model boundary: when no guest can run any more the board is powered off (PSCI SYSTEM_OFF from
     * EL2), so that a run ends; upstream Xvisor would sit in its management shell.
     */
    private void checkAllDone(El2Operations ops) {
        for (GuestVm g : guests) {
            if (!g.shutDown && !g.allHalted()) {
                return;
            }
        }
        if (!poweredOff) {
            poweredOff = true;
            ops.secureMonitorCall(Psci.SYSTEM_OFF, 0, 0, 0);
        }
    }

    /** {@code vmm_threads_create}: an orphan vCPU (hypervisor thread) on {@code cpu}, waiting for work. */
    Vcpu orphan(String name, int cpu) {
        Vcpu o = new Vcpu(vcpus.size(), name, null, 0, new int[] {cpu}, 4, 1000 * counterHz / 1_000_000,
                1000 * counterHz / 1_000_000, hv + CONTEXTS + (long) Vcpu.SIZE * vcpus.size());
        o.state = Vcpu.State.PAUSED;
        vcpus.add(o);
        return o;
    }

    java.io.OutputStream console() {
        return platform.console();
    }

    dev.hvlab.core.mem.PhysicalMemory platformMemory() {
        return platform.machine().memory();
    }

    /** vCPU states by name, for tests and reports. */
    String states() {
        StringBuilder b = new StringBuilder();
        for (Vcpu v : vcpus) {
            b.append(v).append(' ');
        }
        return b.toString().trim();
    }

    List<Vcpu> vcpus() {
        return vcpus;
    }
}
