package dev.hvlab.hv.xen;

import static dev.hvlab.core.gic.GicRegisters.GICD_ISENABLER;
import static dev.hvlab.core.gic.GicRegisters.GICR_FRAME;
import static dev.hvlab.core.gic.GicRegisters.GICR_SGI_BASE;

import dev.hvlab.core.config.BoardConfig;
import dev.hvlab.core.config.UserInputException;
import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.exception.ExceptionKind;
import dev.hvlab.core.hypervisor.El2Dispatcher;
import dev.hvlab.core.hypervisor.El2Operations;
import dev.hvlab.core.hypervisor.El2Platform;
import dev.hvlab.core.hypervisor.HypervisorModel;
import dev.hvlab.core.hypervisor.Trap;
import dev.hvlab.core.hypervisor.TrapResult;
import dev.hvlab.core.machine.PrimitiveCosts.Barrier;
import dev.hvlab.core.sysreg.SystemRegisters;
import java.util.ArrayList;
import java.util.List;

/**
 * Xen 4.x on ARMv8.0 as a model (xen-project/xen, xen/arch/arm and xen/common/sched; see
 * docs/HYPERVISOR-MODELS.md and HYPERVISORS.md section 1): Xen at EL2 on its pCPUs (the CPUs
 * whose MIDR is the boot CPU's, all of them with hmp-unsafe: {@link XenPcpus}; the others are
 * parked and stay off), dom0 (the booted image, direct-mapped, with the board's devices;
 * optional) and dom0less domUs at EL1 (bare-metal ELFs or Linux Images, each with a vpl011),
 * vCPUs multiplexed on Xen's pCPUs by a
 * scheduler, the GIC distributor and redistributors emulated, the old vGIC with list-register
 * reconcile on every exit and refill on every return. Without dom0 Xen keeps the board's LPUART
 * and feeds its input to the vpl011 of the domain with the console focus.
 *
 * <p>Every exit takes the path of xen/arch/arm/arm64/entry.S and traps.c ({@link #enter},
 * {@link #leave}): the SMCCC workaround fast path for {@code HVC #0} with a workaround FID; else the
 * GPR frame on the vCPU's stack, the EL1 context Xen saves (SPSR_EL1, SP_EL0, SP_EL1, ELR_EL1),
 * ELR/SPSR/ESR_EL2, SError synchronisation, vgic_sync_from_lrs; the handler; then on the way out
 * the softirqs (SCHEDULE, TIMER) - which may switch vCPUs, vgic_sync_to_lrs, SError
 * synchronisation and the frame of whichever vCPU is now current.
 *
 * <p>Model artefact: Xen's idle vCPU waits in WFI at EL2. The emulator cannot wait at EL2 under a
 * model, so the idle vCPU is a two-instruction WFI loop at EL1 with stage 2 and WFI traps off,
 * entered and left through the same exit path (its interrupts charged as Xen's hyp IRQ entry);
 * switching to it writes HCR_EL2, SCTLR_EL1 and the return state without charge.
 */
public final class XenModel implements HypervisorModel {
    /** The registers of the trap frame Xen's entry saves (entry.S), made once: traps run millions of times. */
    private static final String[] EL1_FRAME = {"SPSR_EL1", "SP_EL0", "SP_EL1", "ELR_EL1"};
    private static final String[] EL2_FRAME = {"ELR_EL2", "SPSR_EL2", "ESR_EL2"};
    private static final String[] EL2_RETURN = {"ELR_EL2", "SPSR_EL2"};
    static final long HCR_VM = 1L;
    static final long HCR_SWIO = 1L << 1;
    static final long HCR_PTW = 1L << 2;
    static final long HCR_FMO = 1L << 3;
    static final long HCR_IMO = 1L << 4;
    static final long HCR_AMO = 1L << 5;
    static final long HCR_FB = 1L << 9;
    static final long HCR_BSU_INNER = 1L << 10;
    static final long HCR_TWI = 1L << 13;
    static final long HCR_TWE = 1L << 14;
    static final long HCR_TID3 = 1L << 18;
    static final long HCR_TSC = 1L << 19;
    static final long HCR_TIDCP = 1L << 20;
    static final long HCR_TAC = 1L << 21;
    static final long HCR_TSW = 1L << 22;
    static final long HCR_RW = 1L << 31;
    /** get_default_hcr_flags without TWI/TWE. */
    static final long HCR_DEFAULT = HCR_PTW | HCR_BSU_INNER | HCR_AMO | HCR_IMO | HCR_FMO | HCR_VM | HCR_TID3
            | HCR_TSC | HCR_TAC | HCR_SWIO | HCR_TIDCP | HCR_FB | HCR_TSW | HCR_RW;
    /** init_traps: CPTR_EL2 = TTA (+ RES1 bits; TAM is RES0 on ARMv8.0); FP not trapped. */
    static final long CPTR_EL2 = 1L << 20 | 0x33FF;
    /** MDCR_EL2 = TDRA | TDOSA | TDA | TPM | TPMCR. */
    static final long MDCR_TRAPS = 1L << 11 | 1L << 10 | 1L << 9 | 1L << 6 | 1L << 5;
    static final int IPA_BITS = 40;
    static final int SGI_EVENT_CHECK = 0;
    static final int SGI_DUMP_STATE = 1;
    static final int SGI_CALL_FUNCTION = 2;
    static final int PPI_MAINTENANCE = 25;
    static final int PPI_HYP_TIMER = 26;
    static final int PPI_VTIMER = 27;
    static final int VIRQ_EVTCHN = 31;
    static final int TIMER_SOFTIRQ = 0;
    static final int SCHEDULE_SOFTIRQ = 1;
    static final long SPSR_EL1H_MASKED = 0x3C5;
    static final long SCTLR_EL1_RESET = 0x30D0_0800L;
    static final int SPURIOUS = 1023;

    private final XenConfig requested;
    XenConfig config;
    private El2Platform platform;
    private El2Dispatcher dispatcher;
    private XenMemory memory;
    final List<XenDomain> domains = new ArrayList<>();
    private Vcpu[] current;
    private Vcpu[] idle;
    private int[] softirqs;
    private boolean[] hardened;
    private boolean[] atErratum;
    private boolean[] fastPath;
    private boolean[] fromIdle;
    private long[] midr;
    /** The pCPUs Xen brought online ({@link XenPcpus}); the others are parked, off for good. */
    private int[] pcpus;
    private boolean[] online;
    private int vcpuSlots;
    private long frequency;
    private long gicdBase;
    private long gicrBase;
    private Scheduler scheduler;
    private SoftTimers timers;
    private SoftTimers.Timer[] sliceTimers;
    private final Vgic vgic = new Vgic(this);
    private final VgicV3Mmio gicd = new VgicV3Mmio(this);
    private final VirtualTimer vtimer = new VirtualTimer(this);
    private final ContextSwitch contextSwitch = new ContextSwitch(this);
    private final Hypercalls hypercalls = new Hypercalls(this);
    private final Vsmccc vsmccc = new Vsmccc(this);
    private XenConsole console;
    /** Xen's driver of the board's UART when Xen owns it (no dom0), or null. */
    private XenSerial serial;
    /** Bytes the vpl011 output handed to Xen's console during the current access (for its price). */
    private int vpl011Printed;
    /** vCPU switches per pCPU (idle to and from included). */
    long[] switches;

    /** @param config the system, or null for Xen's defaults with dom0 alone on every pCPU Xen uses */
    public XenModel(XenConfig config) {
        this.requested = config;
    }

    @Override
    public String name() {
        return "xen";
    }

    // -----------------------------------------------------------------------------------------
    // Accessors for the parts
    // -----------------------------------------------------------------------------------------

    XenMemory memory() {
        return memory;
    }

    El2Platform platform() {
        return platform;
    }

    Vgic vgic() {
        return vgic;
    }

    VgicV3Mmio gicd() {
        return gicd;
    }

    VirtualTimer vtimer() {
        return vtimer;
    }

    SoftTimers timers() {
        return timers;
    }

    Scheduler scheduler() {
        return scheduler;
    }

    long gicdBase() {
        return gicdBase;
    }

    Vcpu current(int pcpu) {
        return current[pcpu];
    }

    /** Whether any pCPU issues SMCCC_ARCH_WORKAROUND_1 on its exits (what ARCH_FEATURES tells guests). */
    boolean hardenedAnywhere() {
        for (boolean h : hardened) {
            if (h) {
                return true;
            }
        }
        return false;
    }

    boolean atErratum(int pcpu) {
        return atErratum[pcpu];
    }

    long midr(int pcpu) {
        return midr[pcpu];
    }

    /** The pCPUs Xen uses, in order (cpu_online_map): the boot CPU's kind only, unless hmp-unsafe. */
    int[] pcpus() {
        return pcpus.clone();
    }

    boolean online(int pcpu) {
        return online[pcpu];
    }

    XenDomain domain(int id) {
        for (XenDomain d : domains) {
            if (d.id == id) {
                return d;
            }
        }
        return null;
    }

    /** The hardware domain (dom0), or null when Xen booted without one (true dom0less). */
    XenDomain hardwareDomain() {
        return config.dom0() ? domains.get(0) : null;
    }

    /** vCPU switches (to or from idle included) on every pCPU so far. */
    public long vcpuSwitches() {
        long n = 0;
        for (long s : switches) {
            n += s;
        }
        return n;
    }

    /** Switches between two guest vCPUs (neither idle) so far. */
    long guestToGuestSwitches;

    public long guestToGuestSwitches() {
        return guestToGuestSwitches;
    }

    /** The HCR_EL2 of a vCPU: TWI/TWE unless vwfi=native. */
    long hcr(Vcpu v) {
        return config.xen().vwfi().equals("native") ? HCR_DEFAULT : HCR_DEFAULT | HCR_TWI | HCR_TWE;
    }

    /** MDCR_EL2 of a vCPU: debug and PMU traps unless the domain has the vPMU; HPMN = PMCR_EL0.N. */
    long mdcr(Vcpu v) {
        long hpmn = SystemRegisters.standard().byName("PMCR_EL0").read(platform.machine().cpu(0)) >>> 11 & 0x1F;
        long traps = v.domain.vpmu ? MDCR_TRAPS & ~(1L << 6 | 1L << 5) : MDCR_TRAPS;
        return traps | hpmn;
    }

    // -----------------------------------------------------------------------------------------
    // Time
    // -----------------------------------------------------------------------------------------

    /** NOW(): the physical counter in ns (get_s_time), an MRS CNTPCT_EL0. */
    long now(El2Operations ops) {
        return ticksToNs(counter(ops));
    }

    long counter(El2Operations ops) {
        return ops.readSysreg("CNTPCT_EL0");
    }

    long ticksToNs(long ticks) {
        return Math.multiplyHigh(ticks, 1_000_000_000L) != 0 ? Long.MAX_VALUE / 2
                : ticks * 1_000_000_000L / frequency;
    }

    long nsToTicks(long ns) {
        return (ns * frequency + 999_999_999L) / 1_000_000_000L;
    }

    // -----------------------------------------------------------------------------------------
    // Boot: domains, per-pCPU EL2 state, idle vCPUs
    // -----------------------------------------------------------------------------------------

    @Override
    public void install(El2Platform p, El2Dispatcher d) {
        this.platform = p;
        this.dispatcher = d;
        El2Platform.GicV3 gic = p.requireGicV3("xen");
        gicdBase = gic.distributor().base();
        gicrBase = gic.redistributors().base();
        int n = p.machine().cpus().size();
        config = requested != null ? requested : new XenConfig(XenConfig.CommandLine.defaults(), true, List.of());
        BoardConfig.Ram first = p.board().ram().get(0);
        memory = new XenMemory(first.base() + first.size() - XenMemory.SIZE);
        current = new Vcpu[n];
        idle = new Vcpu[n];
        softirqs = new int[n];
        hardened = new boolean[n];
        atErratum = new boolean[n];
        fastPath = new boolean[n];
        fromIdle = new boolean[n];
        midr = new long[n];
        switches = new long[n];
        sliceTimers = new SoftTimers.Timer[n];
        Cpu boot = p.machine().cpu(0);
        List<Long> midrs = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            midrs.add(SystemRegisters.standard().byName("MIDR_EL1").read(p.machine().cpu(c)));
        }
        pcpus = XenPcpus.used(midrs, config.xen().hmp_unsafe());
        online = new boolean[n];
        for (int c : pcpus) {
            online[c] = true;
        }
        long frq = SystemRegisters.standard().byName("CNTFRQ_EL0").read(boot);
        frequency = frq == 0 ? 8_000_000L : frq;
        timers = new SoftTimers(this, n, config.xen().timer_slop());
        scheduler = Scheduler.of(config.xen().sched(), new Scheduler.Pcpus() {
            @Override
            public int count() {
                return n;
            }

            @Override
            public boolean online(int pcpu) {
                return online[pcpu];
            }

            @Override
            public int onlineCount() {
                return pcpus.length;
            }

            @Override
            public Vcpu current(int pcpu) {
                return current[pcpu];
            }

            @Override
            public Vcpu idle(int pcpu) {
                return idle[pcpu];
            }
        });
        d.definePartition("xen", pcpus.clone());
        for (int c : pcpus) {
            idle[c] = new Vcpu(null, c, memory.pcpu(c) + 0x800 - Vcpu.FRAME, true, n);
            idle[c].state = Vcpu.State.RUNNING;
            current[c] = idle[c];
            final int pc = c;
            sliceTimers[c] = new SoftTimers.Timer("s_timer_fn", (ops, now) -> raiseSoftirq(ops, pc, SCHEDULE_SOFTIRQ));
        }
        writeIdleLoop();
        console = new XenConsole(p.console());
        bringUpMessages(midrs);
        // The physical UART is always Xen's; the model passes it through to dom0 when there is one.
        serial = config.dom0() ? null : XenSerial.of(this, p.board());
        DomainBuilder builder = new DomainBuilder(this, p);
        if (config.dom0()) {
            builder.buildDom0(boot.pc, boot.x[0]);
        }
        for (XenConfig.Domain dc : config.domains()) {
            builder.buildDomU(dc);
        }
        for (XenDomain dom : domains) {
            for (Vcpu v : dom.vcpus) {
                scheduler.insert(v);
            }
        }
        for (int c : pcpus) {
            setupCpu(c);
        }
        // Every domain's vCPU 0 is up (dom0less): woken, so the schedulers place it.
        for (XenDomain dom : domains) {
            Vcpu v0 = dom.vcpus.get(0);
            v0.state = Vcpu.State.RUNNABLE;
            scheduler.wake(v0, 0);
        }
        scheduler.work();
        if (config.xen().hmp_unsafe()) {
            // smp_init_cpus' warning_add, printed by console_endboot's warning_print (whose 3 s
            // countdown is not modelled: boot takes no simulated time).
            String stars = "***************************************************\n";
            console.printk(stars + "WARNING: HMP COMPUTING HAS BEEN ENABLED.\n"
                    + "It has implications on the security and stability of the system,\n"
                    + "unless the cpu affinity of all domains is specified.\n" + stars + "3... 2... 1... \n");
        }
        if (!config.dom0()) {
            // console_endboot: serial input moves from Xen to the first domain.
            console.switchInput(domains);
        }
    }

    /** The vpl011 of {@code d}, its output on Xen's console with Xen's focus rule. */
    Vpl011 newVpl011(XenDomain d) {
        return new Vpl011(new Vpl011.Output() {
            @Override
            public boolean hasFocus() {
                return console.focus() == d.id;
            }

            @Override
            public void raw(byte[] bytes, int len) {
                vpl011Printed += len;
                console.raw(bytes, len);
            }

            @Override
            public void line(byte[] bytes, int len) {
                vpl011Printed += len;
                console.guestLine(d.id, bytes, len);
            }
        });
    }

    XenConsole console() {
        return console;
    }

    /**
     * What Xen prints while bringing the secondary CPUs up (setup.c's cpu_up loop, smpboot.c's
     * __cpu_up and start_secondary). A parked CPU is never started on the emulator: Xen's
     * stop_cpu ends in PSCI CPU_OFF, so it stays off and runs nothing (Xen's 1 s wait for it to
     * come online is not modelled: boot takes no simulated time).
     */
    private void bringUpMessages(List<Long> midrs) {
        long bootMidr = midrs.get(0);
        for (int c = 1; c < midrs.size(); c++) {
            console.printk("Bringing up CPU" + c + "\n");
            if (midrs.get(c) == bootMidr) {
                continue;
            }
            String mismatch = String.format("CPU%d MIDR (0x%016x) does not match boot CPU MIDR (0x%016x),\n", c,
                    midrs.get(c), bootMidr);
            if (online[c]) {
                // add_taint(TAINT_CPU_OUT_OF_SPEC): the core stays on.
                console.printk(mismatch + "hmp-unsafe turned on so tainting Xen and keep core on!!\n");
            } else {
                console.printk(mismatch + "disable cpu (see big.LITTLE.txt under docs/).\n");
                console.printk("CPU" + c + " never came online\n");
                console.printk("Failed to bring up CPU " + c + " (error -5)\n"); // -EIO
            }
        }
        console.printk("Brought up " + pcpus.length + " CPUs\n");
    }

    /** The idle loop: {@code 1: wfi; b 1b} (see the class comment). */
    private void writeIdleLoop() {
        ContextSwitch.write64(platform.machine().memory(), memory.idleCode(), 0x17FF_FFFF_D503_207FL);
    }

    int allocateVcpuSlot() {
        if (vcpuSlots == XenMemory.MAX_VCPUS) {
            throw new UserInputException("xen: more than " + XenMemory.MAX_VCPUS + " vCPUs");
        }
        return vcpuSlots++;
    }

    /** start_secondary + init_traps + gicv3_cpu_init + gicv3_hyp_init + init_timer_interrupt on pCPU {@code c}. */
    private void setupCpu(int c) {
        El2Operations ops = dispatcher.beginSetup(c, "boot");
        Cpu cpu = ops.cpu();
        midr[c] = ops.readSysreg("MIDR_EL1");
        String core = platform.coreType(c);
        // check_workaround: Cortex-A72 (r0) gets the branch-predictor hardening when the firmware
        // offers SMCCC_ARCH_WORKAROUND_1, and (every revision) the AT speculation workaround.
        long version = ops.secureMonitorCall(Vsmccc.SMCCC_VERSION, 0, 0, 0);
        hardened[c] = version >= 0x1_0001 && ops.secureMonitorCall(Vsmccc.SMCCC_ARCH_FEATURES,
                Vsmccc.SMCCC_ARCH_WORKAROUND_1, 0, 0) == 0;
        atErratum[c] = core.equals("cortex-a72");
        vgic.nrLrs = (int) (ops.readSysreg("ICH_VTR_EL2") & 0x1F) + 1;
        if (c == 0) {
            // gicv3_dist_init: affinity routing, Group 1 on.
            long ctlr = ops.deviceRead(gicdBase, 4);
            ops.deviceWrite(gicdBase, ctlr | 1L << 4 | 1L << 1, 4);
            if (serial != null) {
                serial.init(ops, gicdBase);
            }
        }
        long sgiBase = gicrBase + c * GICR_FRAME + GICR_SGI_BASE;
        ops.deviceWrite(sgiBase + GICD_ISENABLER, 1L << SGI_EVENT_CHECK | 1L << SGI_DUMP_STATE
                | 1L << SGI_CALL_FUNCTION | 1L << PPI_MAINTENANCE | 1L << PPI_HYP_TIMER | 1L << PPI_VTIMER, 4);
        ops.writeSysreg("ICC_PMR_EL1", 0xFF);
        ops.writeSysreg("ICC_BPR1_EL1", 0);
        ops.writeSysreg("ICC_CTLR_EL1", 1L << 1); // EOImode = 1: priority drop and deactivation apart
        ops.writeSysreg("ICC_IGRPEN1_EL1", 1);
        ops.barrier(Barrier.ISB);
        for (int lr = 0; lr < vgic.nrLrs; lr++) {
            ops.writeListRegister(lr, 0);
        }
        ops.writeSysreg("ICH_VMCR_EL2", 0);
        ops.writeSysreg("ICH_HCR_EL2", Vgic.ICH_HCR_EN);
        ops.writeSysreg("VTCR_EL2", domains.get(0).p2m.vtcr(IPA_BITS));
        ops.writeSysreg("CPTR_EL2", CPTR_EL2);
        ops.writeSysreg("MDCR_EL2", MDCR_TRAPS | (ops.readSysreg("PMCR_EL0") >>> 11 & 0x1F));
        ops.writeSysreg("HSTR_EL2", 1L << 15);
        ops.writeSysreg("CNTHCTL_EL2", 1); // EL1PCTEN only: the EL1 physical timer traps
        ops.writeSysreg("CNTHP_CTL_EL2", 0);
        ops.writeSysreg("CNTVOFF_EL2", 0);
        // The first scheduling decision happens on the first exit: an EVENT_CHECK to itself.
        softirqs[c] |= 1 << SCHEDULE_SOFTIRQ;
        ops.sendSgi(SGI_EVENT_CHECK, c);
        dispatcher.endSetup(ops);
        El2Dispatcher.enterEl1(cpu, memory.idleCode(), 0);
        enterIdle(cpu);
        platform.gic().cpuStateChanged(c);
        platform.machine().start(c);
    }

    /** The idle loop's EL1 state: stage 2 and WFI traps off, the MMU off (see the class comment: uncharged). */
    private static void enterIdle(Cpu cpu) {
        rawWrite(cpu, "HCR_EL2", HCR_IMO | HCR_FMO | HCR_AMO | HCR_RW);
        rawWrite(cpu, "SCTLR_EL1", SCTLR_EL1_RESET);
    }

    private static void rawWrite(Cpu cpu, String name, long value) {
        SystemRegisters.standard().byName(name).write(cpu, value);
    }

    // -----------------------------------------------------------------------------------------
    // Softirqs and scheduling (xen/common/softirq.c, sched/core.c)
    // -----------------------------------------------------------------------------------------

    /** cpu_raise_softirq: the pending bit, and an EVENT_CHECK SGI when it is another pCPU. */
    void raiseSoftirq(El2Operations ops, int pcpu, int softirq) {
        long word = memory.pcpu(pcpu) + XenMemory.PCPU_SOFTIRQ_PENDING;
        ops.store("set_bit softirq_pending", word, softirqs[pcpu] | 1L << softirq, 4);
        boolean wasPending = (softirqs[pcpu] >>> softirq & 1) != 0;
        softirqs[pcpu] |= 1 << softirq;
        if (pcpu != ops.cpu().index() && !wasPending) {
            ops.sendSgi(SGI_EVENT_CHECK, pcpu);
        }
    }

    /** do_softirq: each pending softirq in number order until none is left. */
    private void doSoftirq(El2Operations ops) {
        int c = ops.cpu().index();
        long word = memory.pcpu(c) + XenMemory.PCPU_SOFTIRQ_PENDING;
        while (true) {
            ops.load("load softirq_pending", word, 4);
            int pending = softirqs[c];
            if (pending == 0) {
                return;
            }
            int s = Integer.numberOfTrailingZeros(pending);
            softirqs[c] &= ~(1 << s);
            ops.store("clear_bit softirq_pending", word, softirqs[c], 4);
            if (s == TIMER_SOFTIRQ) {
                timers.softirq(ops, now(ops));
            } else {
                schedule(ops);
            }
        }
    }

    /** schedule(): the scheduler's pick; the slice timer; context_switch when it changes. */
    private void schedule(El2Operations ops) {
        int c = ops.cpu().index();
        long lock = memory.pcpu(c) + XenMemory.PCPU_SCHED_LOCK;
        ops.store("pcpu_schedule_lock_irq", lock, 1, 4);
        long now = now(ops);
        Vcpu prev = current[c];
        prev.processor = c;
        timers.stop(ops, sliceTimers[c]);
        Scheduler.Decision dec = scheduler.doSchedule(c, prev, now);
        ops.compute(scheduler.name() + " do_schedule", scheduler.work());
        Vcpu next = dec.next();
        if (dec.sliceNs() >= 0) {
            timers.set(ops, sliceTimers[c], c, now + dec.sliceNs());
        }
        if (next != prev && prev.state == Vcpu.State.RUNNING) {
            prev.state = Vcpu.State.RUNNABLE;
        }
        next.state = Vcpu.State.RUNNING;
        next.processor = c;
        ops.store("pcpu_schedule_unlock_irq", lock, 0, 4);
        if (next == prev) {
            ops.compute("continue_running", 4);
            return;
        }
        contextSwitch(ops, prev, next);
        if (!prev.idle && prev.state == Vcpu.State.RUNNABLE) {
            // context_saved: a preempted vCPU back on the runqueue tickles a pCPU that may take it.
            int target = scheduler.tickle(prev, now);
            ops.compute(scheduler.name() + " context_saved + tickle", scheduler.work());
            if (target >= 0 && target != c) {
                raiseSoftirq(ops, target, SCHEDULE_SOFTIRQ);
            }
        }
    }

    /** context_switch: runstate, set_current, the EL1/FP/GIC/timer state, schedule_tail. */
    private void contextSwitch(El2Operations ops, Vcpu prev, Vcpu next) {
        int c = ops.cpu().index();
        if (!prev.idle && !next.idle) {
            ops.path("vcpu-switch");
            guestToGuestSwitches++;
        } else if (!ops.currentPath().startsWith("vcpu-switch") && !ops.currentPath().startsWith("idle")) {
            ops.path(ops.currentPath() + (next.idle ? "+switch-to-idle" : "+switch-from-idle"));
        }
        switches[c]++;
        ops.store("runstate_update (prev)", prev.pa + Vcpu.SCHED + 0x40, 1, 8);
        ops.compute("local_irq_disable; set_current; __context_switch (callee-saved, stack)", 24);
        contextSwitch.from(ops, prev);
        contextSwitch.to(ops, next);
        current[c] = next;
        ops.compute("local_irq_enable; sched_context_switched", 8);
        ops.store("runstate_update (next)", next.pa + Vcpu.SCHED + 0x40, 0, 8);
        if (next.idle) {
            enterIdle(ops.cpu());
        }
    }

    /** Handlers change ELR_EL2/SPSR_EL2 live; Xen changes regs->pc in the frame: keep the frame current. */
    private void syncFrame(Vcpu v) {
        Cpu cpu = platform.machine().cpu(v.processor);
        ContextSwitch.write64(cpu.memory(), v.pa + Vcpu.ELR_EL2, cpu.sysregs.elr[2]);
        ContextSwitch.write64(cpu.memory(), v.pa + Vcpu.SPSR_EL2, cpu.sysregs.spsr[2]);
    }

    /** vcpu_yield: the scheduler's yield hook, then SCHEDULE on this pCPU. */
    void vcpuYield(El2Operations ops, Vcpu v) {
        scheduler.yield(v);
        ops.compute(scheduler.name() + " unit_yield", scheduler.work());
        raiseSoftirq(ops, ops.cpu().index(), SCHEDULE_SOFTIRQ);
    }

    /** vcpu_block: blocked, out of the scheduler, SCHEDULE on this pCPU. */
    void block(El2Operations ops, Vcpu v) {
        v.state = Vcpu.State.BLOCKED;
        ops.store("set_bit _VPF_blocked", v.pa + Vcpu.PAUSE_FLAGS, 1, 8);
        scheduler.sleep(v, now(ops));
        ops.compute(scheduler.name() + " unit_sleep", scheduler.work());
        raiseSoftirq(ops, ops.cpu().index(), SCHEDULE_SOFTIRQ);
    }

    /** vcpu_unblock + vcpu_wake: runnable again; queued and tickled unless it is still on its pCPU. */
    void unblock(El2Operations ops, Vcpu v) {
        if (v.state != Vcpu.State.BLOCKED) {
            return;
        }
        ops.store("clear_bit _VPF_blocked", v.pa + Vcpu.PAUSE_FLAGS, 0, 8);
        wake(ops, v);
    }

    /** vcpu_wake: a vCPU that is not running goes to the scheduler, which says which pCPU to tickle. */
    void wake(El2Operations ops, Vcpu v) {
        if (current[v.processor] == v) {
            v.state = Vcpu.State.RUNNING; // blocked but not yet switched out: it just goes on
            return;
        }
        v.state = Vcpu.State.RUNNABLE;
        long now = now(ops);
        scheduler.wake(v, now);
        int target = scheduler.tickle(v, now);
        ops.compute(scheduler.name() + " unit_wake + tickle", scheduler.work());
        if (target >= 0) {
            raiseSoftirq(ops, target, SCHEDULE_SOFTIRQ);
        }
    }

    /** vcpu_kick: wake it, and an EVENT_CHECK to its pCPU when it runs elsewhere. */
    void kick(El2Operations ops, Vcpu v) {
        int here = ops.cpu().index();
        boolean running = current[v.processor] == v;
        unblock(ops, v);
        if (running && v.processor != here) {
            ops.sendSgi(SGI_EVENT_CHECK, v.processor);
        }
    }

    /** vcpu_mark_events_pending: the event-channel upcall, PPI 31. */
    void upcall(El2Operations ops, Vcpu v) {
        if (v != null) {
            vgic.inject(ops, v, VIRQ_EVTCHN);
        }
    }

    /** The vCPU of {@code d} whose virtual MPIDR affinity is {@code aff}, or -1. */
    int vcpuByAffinity(XenDomain d, long aff) {
        for (Vcpu v : d.vcpus) {
            if ((v.vmpidr & 0xFF_00FF_FFFFL & ~(1L << 31)) == aff) {
                return v.id;
            }
        }
        return -1;
    }

    /** vcpu_up (PSCI CPU_ON, VCPUOP_up): a fresh EL1 context at {@code entry} and a wake-up. */
    void startVcpu(El2Operations ops, Vcpu v, long entry, long x0) {
        DomainBuilder.resetContext(platform.machine().memory(), v, entry, x0);
        ops.compute("arch_set_info_guest / vcpu_reset", 40);
        v.state = Vcpu.State.BLOCKED;
        unblock(ops, v);
    }

    /** CPU_OFF / domain shutdown: the vCPU leaves the scheduler for good. */
    void offline(El2Operations ops, Vcpu v) {
        v.state = Vcpu.State.OFFLINE;
        scheduler.sleep(v, now(ops));
        ops.compute(scheduler.name() + " unit_sleep", scheduler.work());
        if (current[v.processor] == v) {
            raiseSoftirq(ops, v.processor, SCHEDULE_SOFTIRQ);
        }
    }

    // -----------------------------------------------------------------------------------------
    // Exits: entry.S and traps.c
    // -----------------------------------------------------------------------------------------

    @Override
    public void enter(Trap t, El2Operations ops) {
        int c = t.cpuIndex();
        Vcpu v = current[c];
        fastPath[c] = false;
        fromIdle[c] = v.idle;
        if (v.idle) {
            ops.path("idle-" + ops.currentPath());
            ops.saveGprs(v.frame(), 0, 30); // entry hyp=1
            return;
        }
        if (t.kind() == ExceptionKind.SYNC && t.ec() == 0x16 && t.imm16() == 0
                && Vsmccc.isWorkaroundFid((int) ops.cpu().x[0])) {
            // guest_sync: stp x0, x1; ESR_EL2.EC/imm16 and the FID checked; eret.
            fastPath[c] = true;
            ops.path("smccc-workaround-fast-path");
            ops.store("stp x0, x1", v.frame(), ops.cpu().x[0], 8);
            ops.readSysreg("ESR_EL2");
            ops.compute("check HVC #0 and the workaround FID", 8);
            return;
        }
        if (hardened[c]) {
            ops.secureMonitorCall(Vsmccc.SMCCC_ARCH_WORKAROUND_1, 0, 0, 0);
        }
        ops.saveGprs(v.frame(), 0, 30);
        // entry_guest: the EL1 context, then ELR/SPSR/ESR_EL2.
        ops.saveSysregs(EL1_FRAME, v.pa + Vcpu.SPSR_EL1);
        ops.saveSysregs(EL2_FRAME, v.pa + Vcpu.ELR_EL2);
        // check_pending_guest_serror: a pending virtual SError is taken here, in Xen's context.
        ops.barrier(Barrier.DSB);
        ops.compute("msr daifclr, #4", 1);
        ops.barrier(Barrier.ISB);
        ops.compute("enter_hypervisor_from_guest_preirq (SSBD check); msr daifclr, #2", 4);
        vgic.syncFromLrs(ops, v);
    }

    @Override
    public void leave(Trap t, El2Operations ops) {
        int c = t.cpuIndex();
        if (fastPath[c]) {
            ops.load("ldp x0, x1", current[c].frame(), 8);
            return;
        }
        if (!current[c].idle) {
            syncFrame(current[c]);
        }
        // leave_hypervisor_to_guest (or the idle loop's do_softirq)
        ops.compute("local_irq_disable; check_for_vcpu_work", 6);
        doSoftirq(ops);
        Vcpu v = current[c];
        if (v.idle) {
            ops.restoreGprs(v.frame(), 0, 30);
            Cpu cpu = ops.cpu();
            cpu.sysregs.elr[2] = memory.idleCode();
            cpu.sysregs.spsr[2] = SPSR_EL1H_MASKED;
            return;
        }
        vgic.syncToLrs(ops, v);
        ops.barrier(Barrier.DSB); // SYNCHRONIZE_SERROR
        ops.barrier(Barrier.ISB);
        // exit_guest + return_from_trap
        ops.restoreSysregs(EL1_FRAME, v.pa + Vcpu.SPSR_EL1);
        ops.restoreGprs(v.frame(), 0, 30);
        ops.restoreSysregs(EL2_RETURN, v.pa + Vcpu.ELR_EL2);
    }

    /** gic_interrupt: acknowledge until spurious; Xen's own interrupts and the guests'. */
    @Override
    public TrapResult irq(Trap t, El2Operations ops) {
        int c = t.cpuIndex();
        boolean named = false;
        while (true) {
            int irq = (int) ops.readSysreg("ICC_IAR1_EL1") & 0xFFFFFF;
            ops.barrier(Barrier.DSB); // gicv3_read_irq: dsb sy
            if (irq == SPURIOUS) {
                if (!named) {
                    // Typically the maintenance interrupt: vgic_sync_from_lrs on the way in cleared
                    // ICH_HCR_EL2.UIE, which lowered it before the acknowledge.
                    ops.path((fromIdle[c] ? "idle-" : "") + "irq-spurious");
                }
                break;
            }
            String path;
            if (irq < 16) {
                path = "sgi-receive";
                ops.writeSysreg("ICC_EOIR1_EL1", irq); // do_sgi: priority drop first
                ops.compute("do_sgi", 6);
                ops.writeSysreg("ICC_DIR_EL1", irq);
            } else if (irq == PPI_HYP_TIMER) {
                path = "hyp-timer";
                long ctl = ops.readSysreg("CNTHP_CTL_EL2");
                if ((ctl & VirtualTimer.CTL_ISTATUS) != 0) {
                    raiseSoftirq(ops, c, TIMER_SOFTIRQ);
                    ops.writeSysreg("CNTHP_CTL_EL2", 0);
                }
                hostIrqEnd(ops, irq);
            } else if (irq == PPI_VTIMER) {
                path = "vtimer-irq";
                vtimer.interrupt(ops, current[c]);
                hostIrqEnd(ops, irq);
            } else if (irq == PPI_MAINTENANCE) {
                path = "maintenance";
                hostIrqEnd(ops, irq);
            } else if (serial != null && irq == serial.spi) {
                path = "serial-rx";
                serial.interrupt(ops, (d, ch) -> vpl011Receive(ops, d, ch));
                hostIrqEnd(ops, irq);
            } else {
                path = "irq-injection";
                guestIrq(ops, irq);
            }
            if (!named) {
                ops.path((fromIdle[c] ? "idle-" : "") + path);
                named = true;
            }
        }
        return TrapResult.HANDLED;
    }

    private static void hostIrqEnd(El2Operations ops, int irq) {
        ops.compute("do_IRQ: desc lock, handler", 10);
        ops.writeSysreg("ICC_EOIR1_EL1", irq);
        ops.writeSysreg("ICC_DIR_EL1", irq);
    }

    /** do_IRQ for an SPI routed to a guest: priority drop only (gicv3_guest_irq_end), INPROGRESS, HW injection. */
    private void guestIrq(El2Operations ops, int irq) {
        int c = ops.cpu().index();
        ops.store("spin_lock desc->lock", memory.pcpu(c) + XenMemory.PCPU_IRQ_DESC + 8, 1, 4);
        ops.writeSysreg("ICC_EOIR1_EL1", irq);
        ops.barrier(Barrier.ISB);
        ops.store("set_bit _IRQ_INPROGRESS", memory.pcpu(c) + XenMemory.PCPU_IRQ_DESC, 1, 4);
        XenDomain dom0 = hardwareDomain();
        PendingIrq n = dom0 == null ? null : dom0.irq(null, irq);
        if (n != null) {
            vgic.inject(ops, dom0.vcpus.get(n.targetVcpu), irq);
        }
        ops.store("spin_unlock desc->lock", memory.pcpu(c) + XenMemory.PCPU_IRQ_DESC + 8, 0, 4);
    }

    /** do_trap_wfi_wfe: WFI blocks unless an event is pending; WFE yields. advance_pc. */
    @Override
    public TrapResult wfx(Trap t, El2Operations ops) {
        Vcpu v = current[t.cpuIndex()];
        if ((t.iss() & 1) == 0) {
            ops.path("wfi-block");
            block(ops, v);
            if (vgic.pending(ops, v)) {
                unblock(ops, v); // vcpu_block_unless_event_pending
            }
        } else {
            ops.path("wfe-yield");
            vcpuYield(ops, v);
        }
        ops.skipInstruction();
        return TrapResult.HANDLED;
    }

    @Override
    public TrapResult hvc(Trap t, El2Operations ops) {
        Vcpu v = current[t.cpuIndex()];
        if (fastPath[t.cpuIndex()]) {
            ops.cpu().x[0] = 0;
            return TrapResult.HANDLED;
        }
        if (t.imm16() == Hypercalls.XEN_HYPERCALL_TAG) {
            ops.path("hypercall");
            hypercalls.call(ops, v);
            return TrapResult.HANDLED;
        }
        if (t.imm16() == 0) {
            ops.path("smccc");
            vsmccc.call(ops, v);
            return TrapResult.HANDLED;
        }
        injectUndef(ops, v);
        return TrapResult.HANDLED;
    }

    @Override
    public TrapResult smc(Trap t, El2Operations ops) {
        ops.path("smc");
        vsmccc.call(ops, current[t.cpuIndex()]);
        ops.skipInstruction();
        return TrapResult.HANDLED;
    }

    /** do_sysreg: ICC_SGI1R_EL1, the emulated physical timer, the PMU as RAZ/WI, the ID registers. */
    @Override
    public TrapResult sysreg(Trap t, El2Operations ops) {
        Vcpu v = current[t.cpuIndex()];
        String name = t.sysregName();
        boolean read = t.sysregRead();
        int rt = t.sysregRt();
        ops.compute("do_sysreg: switch on the encoding", 6);
        if ("ICC_SGI1R_EL1".equals(name) && !read) {
            ops.path("sgi");
            sgi1r(ops, v, ops.gpr(rt));
        } else if (name != null && name.startsWith("CNTP_")) {
            ops.path("ptimer-emulation");
            long r = vtimer.physical(ops, v, name, read, read ? 0 : ops.gpr(rt));
            if (read) {
                ops.setGpr(rt, r);
            }
        } else if (name != null && (name.startsWith("PM") || name.equals("MDCCSR_EL0") || name.startsWith("DBG")
                || name.startsWith("OS") || name.startsWith("MD"))) {
            ops.path("sysreg-raz-wi");
            if (read) {
                ops.setGpr(rt, 0);
            }
        } else if (isTid3(t.iss()) && read) {
            ops.path("sysreg-id");
            // guest_cpuinfo: the boot CPU's sanitised values; the group's unallocated encodings
            // (HSR_SYSREG_TID3_RESERVED_CASE) read as zero.
            boolean named = name != null && (name.startsWith("ID_") || name.startsWith("MVFR"));
            ops.setGpr(rt, named ? ops.readSysreg(name) : 0);
        } else {
            injectUndef(ops, v);
            return TrapResult.HANDLED;
        }
        ops.skipInstruction();
        return TrapResult.HANDLED;
    }

    /** The TID3 group (ARM ARM D13.2, HCR_EL2.TID3): op0 = 3, op1 = 0, CRn = 0, CRm = 1-7. */
    static boolean isTid3(long iss) {
        long op0 = iss >>> 20 & 3;
        long op1 = iss >>> 14 & 7;
        long crn = iss >>> 10 & 0xF;
        long crm = iss >>> 1 & 0xF;
        return op0 == 3 && op1 == 0 && crn == 0 && crm >= 1 && crm <= 7;
    }

    /** vgic_v3_emulate_sgi1r + vgic_to_sgi: each target vCPU of the domain gets the SGI. */
    private void sgi1r(El2Operations ops, Vcpu v, long value) {
        int intid = (int) (value >>> 24) & 0xF;
        boolean irm = (value >>> 40 & 1) != 0;
        long aff1 = value >>> 16 & 0xFF;
        int targets = (int) value & 0xFFFF;
        for (Vcpu target : v.domain.vcpus) {
            ops.compute("vgic_to_sgi: match target", 4);
            if (irm ? target == v : (target.vmpidr >>> 8 & 0xFF) != aff1 || (targets >>> (target.vmpidr & 0xF) & 1) == 0) {
                continue;
            }
            if (target.state == Vcpu.State.OFFLINE) {
                continue;
            }
            vgic.inject(ops, target, intid);
        }
    }

    /**
     * do_trap_stage2_abort_guest + try_handle_mmio: the IPA from HPFAR/FAR, the MMIO handler found by
     * binary search (the emulated GICD and GICR frames), the access emulated, advance_pc. Without a
     * handler (or ISV = 0) the guest gets a data abort, as Xen injects one.
     */
    @Override
    public TrapResult dataAbort(Trap t, El2Operations ops) {
        Vcpu v = current[t.cpuIndex()];
        ops.path("mmio");
        long hpfar = ops.readSysreg("HPFAR_EL2");
        long far = ops.readSysreg("FAR_EL2");
        long ipa = (hpfar >>> 4) << 12 | (far & 0xFFF);
        if (!t.isv()) {
            injectDataAbort(ops, v, far);
            return TrapResult.HANDLED;
        }
        ops.store("read_lock mmio_lock", memory.domain(v.domain.id) + XenMemory.DOMAIN_MMIO_HANDLERS, 1, 4);
        ops.compute("find_mmio_handler (bsearch)", 12);
        ops.store("read_unlock mmio_lock", memory.domain(v.domain.id) + XenMemory.DOMAIN_MMIO_HANDLERS, 0, 4);
        int size = t.accessSize();
        boolean write = t.write();
        long value = write ? ops.gpr(t.srt()) & sizeMask(size) : 0;
        XenDomain d = v.domain;
        long result;
        long gicrSize = GICR_FRAME * d.vcpus.size();
        if (Long.compareUnsigned(ipa - d.gicdIpa, 0x1_0000) < 0) {
            ops.path("gicd-access");
            result = gicd.distributor(ops, v, ipa - d.gicdIpa, write, value, size);
        } else if (Long.compareUnsigned(ipa - d.gicrIpa, gicrSize) < 0) {
            ops.path("gicr-access");
            long rel = ipa - d.gicrIpa;
            Vcpu target = d.vcpus.get((int) (rel / GICR_FRAME));
            result = gicd.redistributor(ops, v, target, rel % GICR_FRAME, write, value, size);
        } else if (d.vpl011 != null && Long.compareUnsigned(ipa - Vpl011.GUEST_PL011_BASE, Vpl011.GUEST_PL011_SIZE) < 0) {
            ops.path("vpl011-access");
            result = vpl011Access(ops, d, (int) (ipa - Vpl011.GUEST_PL011_BASE), write, value, size);
            if (result == -1) {
                injectDataAbort(ops, v, far); // bad width, or a read of the write-only ICR
                return TrapResult.HANDLED;
            }
        } else {
            ops.path("mmio-unhandled");
            injectDataAbort(ops, v, far);
            return TrapResult.HANDLED;
        }
        if (!write) {
            long r = result & sizeMask(size);
            if (t.signExtend() && size < 8) {
                int shift = 64 - 8 * size;
                r = r << shift >> shift;
                if (!t.sixtyFour()) {
                    r &= 0xFFFF_FFFFL;
                }
            }
            ops.setGpr(t.srt(), r);
        }
        ops.skipInstruction();
        return TrapResult.HANDLED;
    }

    /** vpl011_mmio_read/write under VPL011_LOCK; -1 when Xen refuses the access. */
    private long vpl011Access(El2Operations ops, XenDomain d, int offset, boolean write, long value, int size) {
        long lock = memory.domain(d.id) + XenMemory.DOMAIN_VPL011;
        ops.store("VPL011_LOCK (spin_lock_irqsave)", lock, 1, 4);
        ops.compute("vpl011_mmio: switch on the offset", 6);
        vpl011Printed = 0;
        long r;
        if (write) {
            r = d.vpl011.write(offset, value, size) ? 0 : -1;
        } else {
            r = d.vpl011.read(offset, size);
        }
        if (offset == Vpl011.DR) {
            ops.compute(write ? "vpl011_write_data_xen: out buffer" : "vpl011_read_data_xen: in ring", 10);
        }
        if (vpl011Printed > 0) {
            // printk: the console ring and the serial driver's transmit buffer, per character.
            ops.compute("printk: conring + serial_puts", 20 + 4 * vpl011Printed);
        }
        ops.store("VPL011_UNLOCK (spin_unlock_irqrestore)", lock, 0, 4);
        vpl011Interrupt(ops, d);
        return r;
    }

    /** vpl011_rx_char_xen under VPL011_LOCK, and the SPI when it raised a new MIS bit. */
    private void vpl011Receive(El2Operations ops, XenDomain d, byte c) {
        if (d.vpl011 == null) {
            return; // dom0's input (console_rx 1) goes through its own console; not modelled
        }
        long lock = memory.domain(d.id) + XenMemory.DOMAIN_VPL011;
        ops.store("VPL011_LOCK (spin_lock_irqsave)", lock, 1, 4);
        ops.compute("vpl011_rx_char_xen: in ring, vpl011_data_avail", 12);
        d.vpl011.receive(c);
        ops.store("VPL011_UNLOCK (spin_unlock_irqrestore)", lock, 0, 4);
        vpl011Interrupt(ops, d);
    }

    /** vpl011_update_interrupt_status found a new MIS bit: vgic_inject_irq of GUEST_VPL011_SPI. */
    private void vpl011Interrupt(El2Operations ops, XenDomain d) {
        if (d.vpl011.takeInjection()) {
            PendingIrq n = d.irq(null, Vpl011.GUEST_VPL011_SPI);
            vgic.inject(ops, d.vcpus.get(Math.min(n.targetVcpu, d.vcpus.size() - 1)), Vpl011.GUEST_VPL011_SPI);
        }
    }

    private static long sizeMask(int size) {
        return size >= 8 ? -1L : (1L << (8 * size)) - 1;
    }

    @Override
    public TrapResult other(Trap t, El2Operations ops) {
        injectUndef(ops, current[t.cpuIndex()]);
        return TrapResult.HANDLED;
    }

    @Override
    public TrapResult serror(Trap t, El2Operations ops) {
        ops.path("serror");
        return TrapResult.UNHANDLED; // serrors=panic semantics for a guest SError reaching Xen
    }

    /** inject_undef64_exception: EC 0 to the guest's EL1 vector, as Xen injects it. */
    void injectUndef(El2Operations ops, Vcpu v) {
        ops.path("inject-undef");
        injectSync(ops, 0L << 26 | 1L << 25, -1);
    }

    /** inject_dabt64_exception: a synchronous external abort at {@code far}. */
    void injectDataAbort(El2Operations ops, Vcpu v, long far) {
        int fromEl = (int) (ops.readSysreg("SPSR_EL2") >>> 2 & 3);
        long ec = fromEl == 0 ? 0x24 : 0x25;
        injectSync(ops, ec << 26 | 1L << 25 | 0x10, far);
    }

    private static void injectSync(El2Operations ops, long esr, long far) {
        long spsr = ops.readSysreg("SPSR_EL2");
        long elr = ops.readSysreg("ELR_EL2");
        int fromEl = (int) (spsr >>> 2 & 3);
        long vbar = ops.readSysreg("VBAR_EL1");
        long offset = fromEl == 0 ? 0x400 : ((spsr & 1) != 0 ? 0x200 : 0);
        ops.writeSysreg("ESR_EL1", esr);
        if (far >= 0) {
            ops.writeSysreg("FAR_EL1", far);
        }
        ops.writeSysreg("ELR_EL1", elr);
        ops.writeSysreg("SPSR_EL1", spsr);
        ops.writeSysreg("ELR_EL2", vbar + offset);
        ops.writeSysreg("SPSR_EL2", SPSR_EL1H_MASKED);
    }

    // -----------------------------------------------------------------------------------------
    // Console
    // -----------------------------------------------------------------------------------------

    /** Guest console output through CONSOLEIO_write: dom0's as is, a domU's lines prefixed "(dN) ". */
    void console(XenDomain d, byte[] bytes) {
        if (d.id == 0) {
            console.raw(bytes, bytes.length);
        } else {
            console.consoleIo(d.id, bytes);
        }
    }

    /** SYSTEM_OFF from dom0 powers the machine off; a domU's shutdown only stops that domain. */
    void shutdown(El2Operations ops, XenDomain d) {
        if (d.id == 0) {
            platform.machine().systemOff(ops.cpu());
            return;
        }
        d.shutdown = true;
        console.printk("d" + d.id + " (" + d.name + "): domain shut down\n");
        for (Vcpu v : d.vcpus) {
            if (v.state != Vcpu.State.OFFLINE) {
                offline(ops, v);
            }
        }
        if (allDomainsDown()) {
            // With dom0 this cannot happen (dom0's SYSTEM_OFF powers off); without it, Xen has
            // nothing left to run once every domU is gone, and the machine is switched off.
            platform.machine().systemOff(ops.cpu());
        }
    }

    private boolean allDomainsDown() {
        for (XenDomain x : domains) {
            if (!x.shutdown) {
                return false;
            }
        }
        return true;
    }

    void addDomain(XenDomain d) {
        domains.add(d);
    }
}
