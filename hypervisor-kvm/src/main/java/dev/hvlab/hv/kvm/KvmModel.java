package dev.hvlab.hv.kvm;

import dev.hvlab.core.config.BoardConfig;
import dev.hvlab.core.config.UserInputException;
import dev.hvlab.core.cpu.ArchitecturalException;
import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.ExceptionClass;
import dev.hvlab.core.exception.ExceptionKind;
import dev.hvlab.core.hypervisor.El2Dispatcher;
import dev.hvlab.core.hypervisor.El2Operations;
import dev.hvlab.core.hypervisor.El2Platform;
import dev.hvlab.core.hypervisor.HypervisorModel;
import dev.hvlab.core.hypervisor.Stage2Tables;
import dev.hvlab.core.hypervisor.Trap;
import dev.hvlab.core.hypervisor.TrapResult;
import dev.hvlab.core.loader.ElfFile;
import dev.hvlab.core.timer.GenericTimer;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * KVM/arm64 in nVHE (split) mode, as on the ARMv8.0 cores of the i.MX 8QM (torvalds/linux v6.1
 * arch/arm64/kvm; HYPERVISORS.md section 2): a small world switch at EL2 ({@link WorldSwitch}), the
 * host kernel at EL1 doing the rest ({@link RunLoop}, {@link Vgic}, {@link VcpuTimer},
 * {@link Smccc}, {@link HostScheduler}), and a user-space VMM for the devices ({@link Vmm}). Every
 * exit the host handles crosses four times (guest EL1 to EL2, ERET to the host at EL1, HVC to EL2,
 * ERET to the guest) and switches the EL1 context twice; an exit to the VMM adds EL1 to EL0 and
 * back. With {@code vhe} the host kernel runs at EL2 instead (ARMv8.1; a what-if on this board).
 *
 * <p>One VM: its vCPUs pinned one per physical CPU, its RAM mapped 1:1 in stage 2 at creation, the
 * vGIC's distributor and redistributors and the VMM's devices left unmapped so they trap.
 *
 * <p>Not modelled: more than one VM, vCPUs sharing a physical CPU, stage 2 demand faulting, dirty
 * logging, the ITS, the emulated physical timer, debug and SPE switching, 32-bit guests, pKVM; the
 * host's own tick and other host tasks.
 */
public final class KvmModel implements HypervisorModel {
    static final int IPA_BITS = 40;
    static final int VMID = 1;

    private final KvmConfig requested;
    private KvmConfig config;
    private El2Platform platform;
    private El2Dispatcher dispatcher;
    private HostLayout layout;
    private Stage2Tables stage2;
    private final List<Vcpu> vcpus = new ArrayList<>();
    private Vcpu[] vcpuOnPcpu;
    private boolean[] hardened;
    private boolean[] speculativeAt;
    private boolean[] inHost;
    private long gicdBase;
    private long gicrBase;
    private long cntvoff;
    private long hostMdcr;
    private int listRegisters = 4;
    private final FpState fp = new FpState();
    private final WorldSwitch worldSwitch = new WorldSwitch(this);
    private final RunLoop run = new RunLoop(this);
    private final VcpuTimer timer = new VcpuTimer(this);
    private final Smccc smccc = new Smccc(this);
    private Vgic vgic;
    private HostScheduler scheduler;
    private Vmm vmm;

    /** @param config the setup, or null for {@link KvmConfigs#defaults} */
    public KvmModel(KvmConfig config) {
        this.requested = config;
    }

    @Override
    public String name() {
        return "kvm";
    }

    // Accessors for the model's parts.
    KvmConfig config() { return config; }
    El2Platform platform() { return platform; }
    HostLayout layout() { return layout; }
    Vgic vgic() { return vgic; }
    VcpuTimer timer() { return timer; }
    FpState fp() { return fp; }
    WorldSwitch worldSwitch() { return worldSwitch; }
    HostScheduler scheduler() { return scheduler; }
    List<Vcpu> vcpus() { return vcpus; }
    Vcpu vcpu(int id) { return vcpus.get(id); }
    Vcpu vcpuOnPcpu(int pcpu) { return vcpuOnPcpu[pcpu]; }
    boolean hardened(int pcpu) { return hardened[pcpu]; }
    boolean speculativeAt(int pcpu) { return speculativeAt[pcpu]; }
    int listRegisters() { return listRegisters; }
    long cntvoff() { return cntvoff; }
    long gicrBase() { return gicrBase; }
    long hostMdcr() { return hostMdcr; }
    long hostVector() { return layout.stub() + 0x800; }
    long hypVector() { return layout.stub() + 0x1000 - 0x100; }
    long vtcr() { return stage2.vtcr(IPA_BITS); }
    long vttbr() { return stage2.vttbr(VMID); }
    long counterHz() { return platform.board().counterFrequencyHz(); }

    long hostMpidr(int pcpu) {
        return platform.machine().cpu(pcpu).sysregs.mpidr;
    }

    /** MDCR_EL2 for the guest (kvm_arm_setup_mdcr_el2): PMU, trace and debug-ROM traps, HPMN kept. */
    long guestMdcr() {
        return hostMdcr | WorldSwitch.MDCR_TPM | WorldSwitch.MDCR_TPMS | WorldSwitch.MDCR_TTRF
                | WorldSwitch.MDCR_TPMCR | WorldSwitch.MDCR_TDRA | WorldSwitch.MDCR_TDOSA | WorldSwitch.MDCR_TDA;
    }

    Vcpu vcpuByMpidr(long mpidr) {
        for (Vcpu v : vcpus) {
            if (v.affinity() == (mpidr & 0xFF_00FF_FFFFL)) {
                return v;
            }
        }
        return null;
    }

    /**
     * A kvm_call_hyp from the host: in nVHE an HVC to the named hyp function and the ERET back
     * around {@code body}; with VHE a function call.
     */
    void hypCall(El2Operations ops, String function, Runnable body) {
        var costs = platform.machine().timing().costs(ops.cpu());
        if (config.vhe()) {
            ops.compute("call " + function, 4);
            body.run();
            return;
        }
        ops.charge("HVC to EL2 (" + function + ")", costs.exceptionEntry(ops.cpu(), 2));
        ops.compute("handle_host_hcall (" + function + ")", 14);
        body.run();
        ops.charge("ERET to the host (" + function + ")", costs.exceptionReturn(ops.cpu()));
    }

    /**
     * kvm_vcpu_kick after an interrupt was queued for vCPU {@code id}: the flag its halt-poll loop
     * watches; an IPI if it is in the guest on another CPU; a wake-up and an IPI if its thread sleeps.
     */
    void kick(El2Operations ops, int id) {
        Vcpu t = vcpus.get(id);
        // The flag holds the waker's counter value + 1: the polling loop, which may run ahead of the
        // waker within a machine quantum, ignores it until its own counter reaches that time.
        Cpu waker = ops.cpu();
        long stamp = waker.sysregs.counter.physicalCount(waker) + 1;
        ops.store("mark vcpu runnable (seen by kvm_vcpu_check_block)", t.at(HostLayout.KICK), stamp, 8);
        if (t.pcpu == ops.cpu().index()) {
            return;
        }
        switch (t.state) {
            case IN_GUEST -> {
                ops.compute("kvm_vcpu_kick: kvm_arch_vcpu_should_kick", 10);
                ops.sendSgi(0, t.pcpu); // smp_send_reschedule
            }
            case BLOCKED -> {
                wakeThread(ops, t);
            }
            case OFF -> {
                if (t.resetPending) {
                    wakeThread(ops, t);
                }
            }
            default -> ops.compute("kvm_vcpu_kick: polling, no IPI", 10);
        }
    }

    /** kvm_vcpu_wake_up of a sleeping vCPU thread on another CPU: try_to_wake_up and the IPI. */
    private void wakeThread(El2Operations ops, Vcpu t) {
        ops.compute("kvm_vcpu_wake_up: rcuwait_wake_up", 20);
        scheduler.wakeUp(ops, t.pcpu);
        ops.sendSgi(0, t.pcpu);
    }

    // -----------------------------------------------------------------------------------------
    // Install: host memory, stage 2, per-CPU EL2 state, the VM's first entry
    // -----------------------------------------------------------------------------------------

    @Override
    public void install(El2Platform p, El2Dispatcher d) {
        this.platform = p;
        this.dispatcher = d;
        El2Platform.GicV3 gic = p.requireGicV3("kvm");
        gicdBase = gic.distributor().base();
        gicrBase = gic.redistributors().base();
        config = requested != null ? requested : KvmConfigs.defaults(p);
        KvmConfigs.validate(config, p);
        int n = p.machine().cpus().size();
        layout = new HostLayout(config.host().memory().physStart());
        vcpuOnPcpu = new Vcpu[n];
        hardened = new boolean[n];
        speculativeAt = new boolean[n];
        inHost = new boolean[n];
        scheduler = new HostScheduler(this, config.host().scheduler().equals(KvmConfig.Host.FIFO));
        vmm = new Vmm(this, config.vmm().devices(), p.console());
        for (int i = 0; i < config.vm().vcpus(); i++) {
            Vcpu v = new Vcpu(i, config.vm().pinning().get(i), layout.vcpu(i));
            vcpus.add(v);
            vcpuOnPcpu[v.pcpu] = v;
        }
        vgic = new Vgic(this, vcpus.size());
        d.definePartition("vm", config.vm().pinning().stream().mapToInt(Integer::intValue).toArray());
        Cpu boot = p.machine().cpu(0);
        long entry = boot.pc;
        long x0 = boot.x[0];
        if (!config.vm().image().isEmpty()) {
            entry = loadImage(p);
            x0 = 0;
        } else if (GuestDeviceTree.isDtb(p.machine().memory(), x0)) {
            // A kernel booted with a device tree (Linux): the VMM gives the VM a tree of its own and
            // loads the initrd into the VM's RAM.
            x0 = GuestDeviceTree.load(p.machine().memory(), x0, config, gicdBase, gicrBase, vcpus).dtb();
        }
        p.machine().memory().write(layout.stub(), HostIdle.code(layout.stub()), 0, HostIdle.code(layout.stub()).length);
        stage2 = new Stage2Tables(p.machine().memory(), IPA_BITS, layout.tables(), HostLayout.TABLES_SIZE);
        KvmConfig.Region ram = config.vm().memory();
        stage2.map(ram.physStart(), ram.physStart(), ram.size(),
                Stage2Tables.SH_INNER | Stage2Tables.S2AP_RW | Stage2Tables.NORMAL);
        cntvoff = boot.sysregs.counter.physicalCount(boot); // timer_set_offset at vCPU creation: CNTVCT starts near 0
        for (Vcpu v : vcpus) {
            vgic.mapVtimer(v.id);
            setupCpu(v);
        }
        if (boot.index() != vcpus.get(0).pcpu) {
            p.machine().powerOff(boot);
        }
        for (Vcpu v : vcpus) {
            if (v.id == 0) {
                firstRun(v, entry, x0);
            } else {
                idleAtBoot(v);
            }
        }
    }

    private long loadImage(El2Platform p) {
        var file = p.resolve(config.vm().image());
        ElfFile elf;
        try {
            elf = ElfFile.parse(file.toString(), Files.readAllBytes(file));
        } catch (IOException | dev.hvlab.core.loader.ElfFormatException e) {
            throw new UserInputException("kvm: guest image '" + file + "': " + e.getMessage());
        }
        for (ElfFile.Segment s : elf.segments()) {
            if (s.isLoad() && s.memSize() > 0) {
                byte[] bytes = new byte[(int) s.memSize()];
                byte[] contents = elf.contents(s);
                System.arraycopy(contents, 0, bytes, 0, contents.length);
                p.machine().memory().write(s.paddr(), bytes, 0, bytes.length);
            }
        }
        return elf.entry();
    }

    /**
     * kvm_arch_init's per-CPU part (cpu_hyp_init: the hyp vectors, the host's EL2 state, the GIC's
     * physical CPU interface as the host's GICv3 driver leaves it), the host's EL1 context for the
     * idle code, and the vCPU's context at reset (kvm_reset_vcpu).
     */
    private void setupCpu(Vcpu v) {
        El2Operations ops = dispatcher.beginSetup(v.pcpu, "enable");
        Cpu c = ops.cpu();
        String core = platform.coreType(v.pcpu).toLowerCase();
        speculativeAt[v.pcpu] = core.contains("a72"); // ARM64_WORKAROUND_SPECULATIVE_AT (erratum 1319367)
        long version = ops.secureMonitorCall(Smccc.VERSION, 0, 0, 0);
        hardened[v.pcpu] = version >= 0x1_0001
                && ops.secureMonitorCall(Smccc.ARCH_FEATURES, Smccc.ARCH_WORKAROUND_1, 0, 0) == 0;
        listRegisters = (int) (ops.readSysreg("ICH_VTR_EL2") & 0x1F) + 1;
        hostMdcr = ops.readSysreg("PMCR_EL0") >>> 11 & 0x1F; // HPMN = PMCR_EL0.N
        if (v.id == 0) {
            BoardConfig.Device uart = platform.device("nxp-lpuart");
            if (uart != null) { // the host's console driver: transmitter on
                ops.deviceWrite(uart.base() + 0x18, ops.deviceRead(uart.base() + 0x18, 4) | 1L << 19, 4);
            }
            long ctlr = ops.deviceRead(gicdBase, 4);
            ops.deviceWrite(gicdBase, ctlr | 1L << 4 | 1L << 1, 4); // the host's GIC driver: ARE, Group 1
        }
        // The host's redistributor: awake, the PPIs it uses (vtimer, its own timer, maintenance) and IPIs.
        long rd = gicrBase + v.pcpu * Vgic.GICR_STRIDE;
        ops.deviceWrite(rd + 0x14, 0, 4);
        long sgi = rd + 0x1_0000;
        long mine = 1L | 1L << 25 | 1L << GenericTimer.PPI_VIRTUAL | 1L << GenericTimer.PPI_EL1_PHYSICAL;
        ops.deviceWrite(sgi + 0x80, mine, 4); // Group 1
        ops.deviceWrite(sgi + 0x100, mine, 4); // enabled
        ops.writeSysreg("ICC_SRE_EL1", 7);
        ops.writeSysreg("ICC_CTLR_EL1", 1L << 1); // EOImode 1: KVM's forwarded interrupts
        ops.writeSysreg("ICC_PMR_EL1", 0xF0);
        ops.writeSysreg("ICC_IGRPEN1_EL1", 1);
        for (int lr = 0; lr < listRegisters; lr++) {
            ops.writeListRegister(lr, 0);
        }
        ops.writeSysreg("ICH_HCR_EL2", 0);
        ops.writeSysreg("VBAR_EL2", hostVector());
        ops.writeSysreg("HCR_EL2", config.vhe() ? WorldSwitch.HCR_HOST_VHE_FLAGS : WorldSwitch.HCR_HOST_NVHE_FLAGS);
        ops.writeSysreg("CNTHCTL_EL2", WorldSwitch.CNTHCTL_EL1PCTEN | WorldSwitch.CNTHCTL_EL1PCEN);
        ops.writeSysreg("CNTVOFF_EL2", 0);
        ops.writeSysreg("MDCR_EL2", hostMdcr);
        ops.writeSysreg("CPTR_EL2", WorldSwitch.CPTR_EL2_DEFAULT);
        ops.writeSysreg("VTTBR_EL2", 0);
        ops.writeSysreg("VTCR_EL2", vtcr());
        // The host's EL1 context as the idle code needs it.
        long host = layout.pcpu(v.pcpu) + HostLayout.HOST_SYSREGS;
        ops.store("store host SCTLR_EL1", host + 8L * WorldSwitch.slot("SCTLR_EL1"), c.sysregs.sctlrEl1, 8);
        ops.store("store host CPACR_EL1", host + 8L * WorldSwitch.slot("CPACR_EL1"), 3L << 20, 8);
        ops.store("store host VBAR_EL1", host + 8L * WorldSwitch.slot("VBAR_EL1"), layout.stub(), 8);
        ops.store("store host TPIDR_EL1", host + 8L * WorldSwitch.slot("TPIDR_EL1"), layout.pcpu(v.pcpu), 8);
        ops.store("store host SP_EL1", host + 8L * WorldSwitch.slot("SP_EL1"), layout.pcpu(v.pcpu) + 0xFF0, 8);
        ops.store("store host ELR_EL2", host + 8L * WorldSwitch.slot("ELR_EL2"), layout.stub() + HostIdle.IDLE, 8);
        ops.store("store host SPSR_EL2", host + 8L * WorldSwitch.slot("SPSR_EL2"), HostIdle.SPSR_EL1H, 8);
        resetVcpu(ops, v, 0, 0);
        ops.store("store vcpu->arch.hcr_el2", v.at(HostLayout.HCR),
                WorldSwitch.HCR_GUEST_FLAGS | WorldSwitch.HCR_TVM | (config.vhe() ? WorldSwitch.HCR_E2H : 0), 8);
        ops.tlbiVmalls12e1();
        dispatcher.endSetup(ops);
        platform.gic().cpuStateChanged(c.index());
    }

    /** kvm_reset_vcpu: EL1h with DAIF masked at the entry, X0 the context, the EL1 registers at reset. */
    private void resetVcpu(El2Operations ops, Vcpu v, long entry, long context) {
        for (int r = 0; r <= 30; r++) {
            ops.store("kvm_reset_vcpu: clear gprs", v.gprs() + 8L * r, r == 0 ? context : 0, 8);
        }
        for (String r : WorldSwitch.CONTEXT) {
            long value = switch (r) {
                case "SCTLR_EL1" -> dev.hvlab.core.sysreg.SystemRegisterFile.SCTLR_EL1_RESET;
                case "ELR_EL2" -> entry;
                case "SPSR_EL2" -> HostIdle.SPSR_EL1H;
                default -> 0;
            };
            ops.store("kvm_reset_vcpu: reset sys_regs", v.sysregs() + 8L * WorldSwitch.slot(r), value, 8);
        }
        ops.store("kvm_reset_vcpu: SP_EL0", v.at(HostLayout.GUEST_SYSREGS + 8 * 24), 0, 8);
        ops.store("kvm_reset_vcpu: vgic_vmcr", v.at(HostLayout.VGIC_VMCR), 0, 8);
        ops.store("kvm_reset_vcpu: timer", v.at(HostLayout.TIMER_CTL), 0, 8);
    }

    /** vCPU 0's first KVM_RUN: vcpu_load, flush, world switch; the CPU then runs the guest at EL1. */
    private void firstRun(Vcpu v, long entry, long x0) {
        El2Operations ops = dispatcher.beginSetup(v.pcpu, "vcpu-first-run");
        // The host kernel ran here before KVM_RUN: its EL1 context is the one the world switch saves.
        WorldSwitch.loadContext(ops, WorldSwitch.EL1_STATE, layout.pcpu(v.pcpu) + HostLayout.HOST_SYSREGS);
        resetVcpu(ops, v, entry, x0);
        run.vcpuLoad(ops, v);
        run.enterGuest(ops, v, false);
        dispatcher.endSetup(ops);
        El2Dispatcher.enterEl1(ops.cpu(), entry, x0);
    }

    /** The other vCPUs are off (PSCI) at boot: their CPUs idle in the host until a CPU_ON. */
    private void idleAtBoot(Vcpu v) {
        El2Operations ops = dispatcher.beginSetup(v.pcpu, "enable");
        WorldSwitch.loadContext(ops, WorldSwitch.EL1_STATE, layout.pcpu(v.pcpu) + HostLayout.HOST_SYSREGS);
        if (config.vhe()) {
            ops.writeSysreg("HCR_EL2", WorldSwitch.HCR_HOST_NVHE_FLAGS); // the idle loop runs at EL1 (RunLoop.returnToStub)
        }
        dispatcher.endSetup(ops);
        Cpu c = ops.cpu();
        El2Dispatcher.enterEl1(c, layout.stub() + HostIdle.IDLE, 0);
        inHost[v.pcpu] = true;
        v.state = Vcpu.State.OFF;
        platform.machine().start(v.pcpu);
    }

    // -----------------------------------------------------------------------------------------
    // Exits
    // -----------------------------------------------------------------------------------------

    @Override
    public void enter(Trap t, El2Operations ops) {
        Vcpu v = vcpuOnPcpu[t.cpuIndex()];
        if (v == null || inHost[t.cpuIndex()]) {
            return;
        }
        if (t.kind() == ExceptionKind.SYNC && t.ec() == ExceptionClass.HVC64) {
            return; // hvc() checks the vectors' fast path first
        }
        worldSwitch.guestExit(ops, v);
        if (t.kind() == ExceptionKind.SYNC
                && (t.ec() == ExceptionClass.DATA_ABORT_LOWER || t.ec() == ExceptionClass.INSN_ABORT_LOWER)) {
            worldSwitch.populateFaultInfo(ops, v);
        }
    }

    /** The full exit to the host kernel: world switch, ERET to EL1, the run loop's exit side. */
    private void toHost(El2Operations ops, Vcpu v) {
        worldSwitch.switchToHost(ops, v);
        worldSwitch.eretToHost(ops);
        run.afterExit(ops, v);
    }

    @Override
    public TrapResult hvc(Trap t, El2Operations ops) {
        Vcpu v = vcpuOnPcpu[t.cpuIndex()];
        if (inHost[t.cpuIndex()]) {
            return hostHvc(t, ops, v);
        }
        int fid = (int) ops.gpr(0);
        if (t.imm16() == 0 && (fid == Smccc.ARCH_WORKAROUND_1 || fid == Smccc.ARCH_WORKAROUND_3)) {
            // hyp-entry.S el1_sync: answered in the vector without leaving EL2 (the hardened vector
            // already ran the mitigation).
            ops.path("hvc-workaround (EL2 fast path)");
            if (hardened[v.pcpu]) {
                ops.secureMonitorCall(Smccc.ARCH_WORKAROUND_1, 0, 0, 0);
            }
            ops.setGpr(0, 0);
            return TrapResult.HANDLED;
        }
        ops.path("hvc");
        worldSwitch.guestExit(ops, v);
        toHost(ops, v);
        ops.compute("handle_hvc", 6);
        return smcccCall(ops, v, false);
    }

    /** SMC: handled like HVC as Linux 6.4+ does (handle_smc -> kvm_smccc_call_handler); 6.1 answered NOT_SUPPORTED. */
    @Override
    public TrapResult smc(Trap t, El2Operations ops) {
        Vcpu v = vcpuOnPcpu[t.cpuIndex()];
        ops.path("smc");
        toHost(ops, v);
        ops.compute("handle_smc", 6);
        run.incrPc(ops, v);
        return smcccCall(ops, v, true);
    }

    private TrapResult smcccCall(El2Operations ops, Vcpu v, boolean smc) {
        long r = smccc.call(ops, v);
        ops.setGpr(0, r);
        switch (smccc.outcome) {
            case CPU_OFF -> {
                ops.path(smc ? "smc psci-cpu-off" : "hvc psci-cpu-off");
                inHost[v.pcpu] = true;
                run.block(ops, v, Vcpu.State.OFF);
                return TrapResult.HANDLED;
            }
            case SYSTEM_EVENT -> {
                ops.path("psci-system-event (VMM)");
                run.roundTripToVmm(ops, v, () -> {
                    ops.compute("VMM: KVM_EXIT_SYSTEM_EVENT: shut down", 200);
                    platform.machine().systemOff(ops.cpu());
                });
                return TrapResult.HANDLED;
            }
            default -> {
                run.enterGuest(ops, v, false);
                return TrapResult.HANDLED;
            }
        }
    }

    @Override
    public TrapResult sysreg(Trap t, El2Operations ops) {
        Vcpu v = vcpuOnPcpu[t.cpuIndex()];
        String reg = t.sysregName();
        boolean read = t.sysregRead();
        int rt = t.sysregRt();
        toHost(ops, v);
        ops.compute("kvm_handle_sys_reg: emulate_sys_reg, find_reg (bsearch sys_reg_descs)", 24);
        boolean unallocated = reg == null || reg.startsWith("S3_"); // the table's generic name
        if (read && isIdSpace(t.iss())) {
            // The ID register space (HCR_EL2.TID3): read_id_reg's sanitised value; the registers
            // the architecture has not allocated (and those this core lacks) read as 0.
            ops.path("id-reg");
            ops.setGpr(rt, unallocated ? 0 : idRegister(ops, reg));
            run.incrPc(ops, v);
            run.enterGuest(ops, v, false);
            return TrapResult.HANDLED;
        }
        if (unallocated) {
            return TrapResult.UNHANDLED;
        }
        if (reg.equals("ICC_SGI1R_EL1") && !read) {
            ops.path("sgi");
            vgic.dispatchSgi(ops, v.id, ops.gpr(rt));
        } else if (reg.startsWith("PM")) {
            if (!config.vmm().pmu()) {
                return TrapResult.UNHANDLED; // no vPMU: KVM injects UNDEFINED
            }
            ops.path("pmu");
            ops.compute("access_pmu_*: kvm_pmu_get/set_counter_value (perf_event_read_value)", 60);
            if (read) {
                ops.setGpr(rt, ops.readSysreg(reg));
            } else {
                ops.writeSysreg(reg, ops.gpr(rt));
            }
        } else if (!read && isVmReg(reg)) {
            ops.path("vm-reg (TVM)");
            long value = ops.gpr(rt);
            if (v.el1Live) {
                // VHE: the guest's EL1 registers are loaded (sysregs_loaded_on_cpu), so
                // vcpu_write_sys_reg writes the register itself; vcpu_put saves it.
                ops.writeSysreg(reg, value);
            } else {
                ops.store("access_vm_reg: vcpu_write_sys_reg", v.sysregs() + 8L * WorldSwitch.slot(reg), value, 8);
            }
            if (reg.equals("SCTLR_EL1") && (value & 5) == 5) {
                // kvm_toggle_cache: caches on, stop trapping VM registers.
                long hcr = ops.load("load vcpu->arch.hcr_el2", v.at(HostLayout.HCR), 8);
                ops.store("kvm_toggle_cache: clear HCR_EL2.TVM", v.at(HostLayout.HCR), hcr & ~WorldSwitch.HCR_TVM, 8);
            }
        } else if (read && (reg.equals("ACTLR_EL1") || reg.equals("CTR_EL0")
                || reg.equals("CLIDR_EL1") || reg.equals("CCSIDR_EL1") || reg.equals("REVIDR_EL1")
                || reg.equals("AIDR_EL1"))) {
            ops.path("id-reg");
            ops.setGpr(rt, ops.readSysreg(reg)); // the sanitised value: here the CPU's own
        } else if (!read && reg.equals("ACTLR_EL1")) {
            ops.path("id-reg");
        } else if (debugSlot(reg) >= 0) {
            ops.path("debug-reg");
            debugRegister(ops, v, reg, read, rt);
        } else {
            return TrapResult.UNHANDLED;
        }
        run.incrPc(ops, v);
        run.enterGuest(ops, v, false);
        return TrapResult.HANDLED;
    }

    /** Op0 = 3, Op1 = 0, CRn = 0, CRm = 1-7 in a trapped MRS's ISS: the feature ID registers. */
    static boolean isIdSpace(int iss) {
        int op0 = iss >>> 20 & 3;
        int op1 = iss >>> 14 & 7;
        int crn = iss >>> 10 & 0xF;
        int crm = iss >>> 1 & 0xF;
        return op0 == 3 && op1 == 0 && crn == 0 && crm >= 1 && crm <= 7;
    }

    /** An ID register's value as the CPU has it; one the core does not implement reads as 0. */
    private static long idRegister(El2Operations ops, String reg) {
        try {
            return ops.readSysreg(reg);
        } catch (ArchitecturalException e) {
            return 0;
        }
    }

    /**
     * A debug register the guest touched with MDCR_EL2.TDA/TDOSA/TDRA set (trap_debug_regs,
     * trap_bvr/bcr/wvr/wcr, trap_oslar_el1, trap_oslsr_el1, trap_raz_wi in sys_regs.c): kept in the
     * vCPU's context; the OS lock is implemented (OSLSR_EL1.OSLM = 0b10), MDRAR_EL1 and the DCC
     * registers read as zero. Not switched into the hardware: the guest's breakpoints never fire.
     */
    private void debugRegister(El2Operations ops, Vcpu v, String reg, boolean read, int rt) {
        ops.compute("trap_debug_regs: reg_to_dbg / dbg_to_reg", 20);
        int slot = debugSlot(reg);
        long at = v.at(HostLayout.DEBUG_REGS + 8L * slot);
        if (reg.equals("OSLSR_EL1") && read) {
            ops.setGpr(rt, 0x8 | (ops.load("load vcpu OS lock", v.at(HostLayout.DEBUG_REGS + 8), 8) & 1) << 1);
        } else if (reg.equals("OSLAR_EL1") && !read) {
            ops.store("store vcpu OS lock", at, ops.gpr(rt) & 1, 8);
        } else if (read) {
            ops.setGpr(rt, slot == 0xFF ? 0 : ops.load("load vcpu debug register", at, 8));
        } else if (slot != 0xFF) {
            ops.store("store vcpu debug register", at, ops.gpr(rt), 8);
        }
    }

    /** The context slot of a trapped debug register (0xFF: RAZ/WI), or -1 if {@code reg} is not one. */
    static int debugSlot(String reg) {
        switch (reg) {
            case "MDSCR_EL1":
                return 0;
            case "OSLAR_EL1":
            case "OSLSR_EL1":
                return 1;
            case "OSDLR_EL1":
                return 2;
            case "MDCCINT_EL1":
                return 3;
            case "DBGCLAIMSET_EL1":
            case "DBGCLAIMCLR_EL1":
            case "DBGPRCR_EL1":
            case "MDRAR_EL1":
            case "MDCCSR_EL0":
            case "DBGAUTHSTATUS_EL1":
            case "OSECCR_EL1":
            case "OSDTRRX_EL1":
            case "OSDTRTX_EL1":
                return 0xFF;
            default:
                break;
        }
        if (reg.length() >= 10 && reg.startsWith("DBG") && reg.endsWith("_EL1")
                && (reg.charAt(3) == 'B' || reg.charAt(3) == 'W') && (reg.charAt(4) == 'V' || reg.charAt(4) == 'C')
                && reg.charAt(5) == 'R') {
            try {
                int n = Integer.parseInt(reg.substring(6, reg.length() - 4));
                if (n >= 0 && n < 16) {
                    int kind = (reg.charAt(3) == 'B' ? 0 : 2) + (reg.charAt(4) == 'V' ? 0 : 1);
                    return 16 + 16 * kind + n;
                }
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }

    private static boolean isVmReg(String reg) {
        return switch (reg) {
            case "SCTLR_EL1", "TTBR0_EL1", "TTBR1_EL1", "TCR_EL1", "ESR_EL1", "FAR_EL1", "AFSR0_EL1", "AFSR1_EL1",
                    "MAIR_EL1", "AMAIR_EL1", "CONTEXTIDR_EL1" -> true;
            default -> false;
        };
    }

    /**
     * kvm_handle_guest_abort: the IPA is not in a memslot, so io_mem_abort: the KVM I/O bus (the
     * vGIC's distributor and redistributors) or, failing that, KVM_EXIT_MMIO to the VMM.
     */
    @Override
    public TrapResult dataAbort(Trap t, El2Operations ops) {
        Vcpu v = vcpuOnPcpu[t.cpuIndex()];
        toHost(ops, v);
        long far = ops.load("load vcpu fault.far_el2", v.at(HostLayout.FAULT + 8), 8);
        long hpfar = ops.load("load vcpu fault.hpfar_el2", v.at(HostLayout.FAULT + 16), 8);
        long ipa = (hpfar >>> 4) << 12 | (far & 0xFFF);
        ops.compute("kvm_handle_guest_abort: gfn_to_memslot (bsearch memslots)", 30);
        if (!t.isv()) {
            return TrapResult.UNHANDLED; // io_mem_abort: no valid syndrome, no instruction decode in KVM
        }
        int size = t.accessSize();
        boolean write = t.write();
        long value = write ? ops.gpr(t.srt()) & mask(size) : 0;
        ops.compute("io_mem_abort: kvm_io_bus_write/read (bsearch the bus)", 30);
        long result;
        long vgicRedistSize = vcpus.size() * Vgic.GICR_STRIDE;
        if (Long.compareUnsigned(ipa - gicdBase, 0x1_0000) < 0) {
            ops.path("mmio vgic-distributor");
            result = vgic.distributor(ops, v.id, ipa - gicdBase, write, value, size);
        } else if (Long.compareUnsigned(ipa - gicrBase, vgicRedistSize) < 0) {
            ops.path("mmio vgic-redistributor");
            result = vgic.redistributor(ops, ipa - gicrBase, write, value, size);
        } else {
            KvmConfig.Device d = vmm.device(ipa);
            if (d == null) {
                return TrapResult.UNHANDLED;
            }
            VirtioConsole vc = vmm.virtio(d);
            if (vc != null && write && ipa - d.base() == VirtioConsole.REG_QUEUE_NOTIFY && config.vmm().ioeventfd()) {
                ops.path("mmio virtio-console notify (ioeventfd)");
                ioeventfd(ops, vc, (int) value);
                run.incrPc(ops, v);
                run.enterGuest(ops, v, false);
                return TrapResult.HANDLED;
            }
            ops.path("mmio " + d.type() + " (VMM)");
            long run = layout.run(v.id);
            ops.store("store run->mmio (phys_addr, len, is_write)", run + 0x20, ipa, 8);
            if (write) {
                ops.store("store run->mmio.data", run + 0x28, value, 8);
            }
            ops.store("run->exit_reason = KVM_EXIT_MMIO", run, 6, 4);
            long[] got = new long[1];
            this.run.roundTripToVmm(ops, v, () -> got[0] = vmm.mmio(ops, v, d, ipa, write, value, size));
            ops.compute("kvm_handle_mmio_return", 20);
            if (!write) {
                ops.load("load run->mmio.data", run + 0x28, 8);
            }
            result = got[0];
        }
        if (!write) {
            long r = result & mask(size);
            if (t.signExtend() && size < 8) {
                int shift = 64 - 8 * size;
                r = r << shift >> shift;
                if (!t.sixtyFour()) {
                    r &= 0xFFFF_FFFFL;
                }
            }
            ops.setGpr(t.srt(), r);
        }
        run.incrPc(ops, v);
        run.enterGuest(ops, v, false);
        return TrapResult.HANDLED;
    }

    /**
     * A QueueNotify matched by a KVM_IOEVENTFD on the MMIO bus (ioeventfd_write): the eventfd is
     * signalled and the vCPU goes straight back to the guest, no KVM_EXIT_MMIO. The VMM's virtio
     * I/O thread, woken by it, handles the queue; that thread is not scheduled separately here: its
     * wake-up, its eventfd read and its queue work are charged to this CPU.
     */
    private void ioeventfd(El2Operations ops, VirtioConsole vc, int queue) {
        var costs = platform.machine().timing().costs(ops.cpu());
        ops.compute("ioeventfd_write: ioeventfd_in_range, eventfd_signal", 40);
        ops.compute("host: try_to_wake_up the VMM's I/O thread, context switch to it", 600);
        ops.charge("VMM I/O thread: ERET to EL0 (its read(2) of the eventfd returns)", costs.exceptionReturn(ops.cpu()));
        vc.notify(ops, queue);
        ops.charge("VMM I/O thread: SVC read(2), sleeps on the eventfd", costs.exceptionEntry(ops.cpu(), 1));
        ops.compute("host: eventfd_read blocks, schedule back to the vCPU thread", 600);
    }

    private static long mask(int size) {
        return size >= 8 ? -1L : (1L << (8 * size)) - 1;
    }

    /** WFI: kvm_vcpu_wfi, halt polling or blocking. WFE: kvm_vcpu_on_spin (nobody to yield to). */
    @Override
    public TrapResult wfx(Trap t, El2Operations ops) {
        Vcpu v = vcpuOnPcpu[t.cpuIndex()];
        boolean wfe = (t.iss() & 1) != 0;
        if (wfe) {
            ops.path("wfe");
            toHost(ops, v);
            ops.compute("kvm_handle_wfx: kvm_vcpu_on_spin", 40);
            run.incrPc(ops, v);
            run.enterGuest(ops, v, false);
            return TrapResult.HANDLED;
        }
        ops.path("wfi");
        worldSwitch.switchToHost(ops, v);
        boolean pending = vgic.hasPending(v.id);
        if (pending) {
            worldSwitch.eretToHost(ops);
        }
        run.afterExit(ops, v);
        run.incrPc(ops, v);
        if (run.wfiRunnable(ops, v)) {
            ops.path("wfi (interrupt pending)");
            run.enterGuest(ops, v, false);
            return TrapResult.HANDLED;
        }
        inHost[v.pcpu] = true;
        if (config.host().haltPolling() && config.host().haltPollNs() > 0) {
            ops.path("wfi halt-poll start");
            run.startPolling(ops, v);
        } else {
            ops.path("wfi block");
            run.block(ops, v, Vcpu.State.BLOCKED);
        }
        return TrapResult.HANDLED;
    }

    @Override
    public TrapResult irq(Trap t, El2Operations ops) {
        Vcpu v = vcpuOnPcpu[t.cpuIndex()];
        ops.path("irq");
        toHost(ops, v);
        int intid = run.hostIrq(ops, v, true);
        ops.path(switch (intid) {
            case GenericTimer.PPI_VIRTUAL -> "irq vtimer";
            case 0 -> "irq ipi (kick)";
            case 25 -> "irq maintenance";
            case RunLoop.SPURIOUS -> "irq spurious";
            default -> "irq";
        });
        run.enterGuest(ops, v, false);
        return TrapResult.HANDLED;
    }

    /** FP/SIMD access with CPTR_EL2.TFP: the EL2 fast path. */
    @Override
    public TrapResult other(Trap t, El2Operations ops) {
        Vcpu v = vcpuOnPcpu[t.cpuIndex()];
        if (t.kind() == ExceptionKind.SYNC && t.ec() == ExceptionClass.FP_ACCESS && !inHost[t.cpuIndex()]) {
            ops.path("fpsimd (EL2 fast path)");
            worldSwitch.fpsimdTrap(ops, v);
            worldSwitch.reenter(ops, v);
            return TrapResult.HANDLED;
        }
        return TrapResult.UNHANDLED;
    }

    /** An HVC of the host's idle or polling loop: an interrupt there, or the poll's end. */
    private TrapResult hostHvc(Trap t, El2Operations ops, Vcpu v) {
        switch (t.imm16()) {
            case HostIdle.HVC_POLL_WAKE -> {
                ops.path("halt-poll wake (kicked)");
                return resumeFromPoll(ops, v);
            }
            case HostIdle.HVC_POLL_EXPIRED -> {
                ops.path("halt-poll expired, block");
                run.block(ops, v, Vcpu.State.BLOCKED);
                return TrapResult.HANDLED;
            }
            case HostIdle.HVC_HOST_IRQ -> {
                return hostIrqInStub(ops, v);
            }
            default -> {
                return TrapResult.UNHANDLED;
            }
        }
    }

    private TrapResult resumeFromPoll(El2Operations ops, Vcpu v) {
        ops.compute("kvm_vcpu_halt: poll successful, update halt_poll_ns", 30);
        if (config.vhe() && !v.el1Live) {
            WorldSwitch.loadContext(ops, WorldSwitch.EL1_STATE, v.sysregs()); // see RunLoop.returnToStub
            v.el1Live = true;
        }
        inHost[v.pcpu] = false;
        run.enterGuest(ops, v, true);
        return TrapResult.HANDLED;
    }

    private TrapResult hostIrqInStub(El2Operations ops, Vcpu v) {
        int intid = run.hostIrq(ops, v, false);
        switch (v.state) {
            case POLLING -> {
                ops.path("halt-poll wake (irq " + intid + ")");
                if (vgic.hasPending(v.id)) {
                    return resumeFromPoll(ops, v);
                }
                run.returnToStub(ops, v, HostIdle.POLL);
            }
            case BLOCKED -> {
                ops.path(intid == GenericTimer.PPI_EL1_PHYSICAL ? "wake-up (bg hrtimer)" : "wake-up (ipi)");
                boolean wasArmed = v.bgTimerArmed;
                if (intid == GenericTimer.PPI_EL1_PHYSICAL || vgic.hasPending(v.id)) {
                    run.wake(ops, v);
                    if (vgic.hasPending(v.id) || !wasArmed) {
                        inHost[v.pcpu] = false;
                        run.enterGuest(ops, v, true);
                        return TrapResult.HANDLED;
                    }
                    run.block(ops, v, Vcpu.State.BLOCKED);
                    return TrapResult.HANDLED;
                }
                run.returnToStub(ops, v, HostIdle.IDLE);
            }
            case OFF -> {
                if (v.resetPending) {
                    ops.path("vcpu-start (PSCI CPU_ON)");
                    v.resetPending = false;
                    // kvm_reset_vcpu runs under vcpu_put/vcpu_load of its own; the reset state is in
                    // the context before the load (with VHE the load puts the EL1 registers in the CPU).
                    ops.store("kvm_check_request(KVM_REQ_VCPU_RESET)", v.at(HostLayout.REQUESTS), 0, 8);
                    resetVcpu(ops, v, v.resetEntry, v.resetContext);
                    run.wake(ops, v);
                    inHost[v.pcpu] = false;
                    run.enterGuest(ops, v, true);
                    return TrapResult.HANDLED;
                }
                ops.path("host idle irq");
                run.returnToStub(ops, v, HostIdle.IDLE);
            }
            default -> run.returnToStub(ops, v, HostIdle.IDLE);
        }
        return TrapResult.HANDLED;
    }
}
