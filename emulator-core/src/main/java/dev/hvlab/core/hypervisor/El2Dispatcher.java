package dev.hvlab.core.hypervisor;

import dev.hvlab.core.cpu.ArchitecturalException;
import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.ExceptionClass;
import dev.hvlab.core.exception.ExceptionEntry;
import dev.hvlab.core.exception.ExceptionKind;
import dev.hvlab.core.machine.Machine;
import dev.hvlab.core.machine.PrimitiveCosts;
import dev.hvlab.core.sysreg.Pstate;
import dev.hvlab.core.sysreg.SystemRegisterFile;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link HypervisorModel} in place of EL2 code. The exception model hands it every exception
 * routed to EL2 ({@link dev.hvlab.core.exception.ExceptionModel#setEl2Dispatcher}); it takes the
 * exception architecturally ({@code AArch64.TakeException}: ESR/ELR/SPSR/FAR/HPFAR_EL2, PSTATE to
 * EL2), charges the entry, lets the model's {@link HypervisorModel#enter}, the handler of the
 * exception class and {@link HypervisorModel#leave} run, charges the ERET and performs it
 * ({@code AArch64.ExceptionReturn} from ELR_EL2 and SPSR_EL2). The steps go to the cost ledger and
 * their cycles to the CPU's clock.
 *
 * <p>An UNHANDLED or FORBIDDEN result, or an exception taken from EL2 itself (no EL2 code exists
 * under a model), stops the trapping CPU's partition: all its CPUs are powered off, a
 * {@link PartitionReport} is kept and logged, and every other partition runs on.
 */
public final class El2Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(El2Dispatcher.class);

    private final HypervisorModel model;
    private final El2Platform platform;
    private final CostLedger ledger = new CostLedger();
    private final List<Partition> partitions = new ArrayList<>();
    private final List<PartitionReport> reports = new ArrayList<>();
    private final Partition[] partitionOf;
    private final Trap[] traps;
    private final El2Operations[] ops;

    private El2Dispatcher(HypervisorModel model, El2Platform platform) {
        this.model = model;
        this.platform = platform;
        int n = platform.machine().cpus().size();
        this.partitionOf = new Partition[n];
        this.traps = new Trap[n];
        this.ops = new El2Operations[n];
        for (int i = 0; i < n; i++) {
            traps[i] = new Trap();
            ops[i] = new El2Operations(this, platform.machine().cpu(i));
        }
    }

    /** Hooks a dispatcher for {@code model} into the platform's exception model and installs the model. */
    public static El2Dispatcher install(HypervisorModel model, El2Platform platform) {
        El2Dispatcher d = new El2Dispatcher(model, platform);
        platform.exceptions().setEl2Dispatcher(d);
        model.install(platform, d);
        return d;
    }

    public HypervisorModel model() {
        return model;
    }

    public El2Platform platform() {
        return platform;
    }

    public CostLedger ledger() {
        return ledger;
    }

    /** The partitions stopped so far, in order. */
    public List<PartitionReport> reports() {
        return List.copyOf(reports);
    }

    public List<Partition> partitions() {
        return List.copyOf(partitions);
    }

    /** Declares a partition; its CPUs must not belong to another one. */
    public Partition definePartition(String name, int[] cpus) {
        Partition p = new Partition(name, cpus);
        for (int c : cpus) {
            if (partitionOf[c] != null) {
                throw new IllegalArgumentException("CPU " + c + " is in partitions '" + partitionOf[c].name()
                        + "' and '" + name + "'");
            }
            partitionOf[c] = p;
        }
        partitions.add(p);
        return p;
    }

    /** The partition CPU {@code cpuIndex} currently runs, or null. */
    public Partition partitionOf(int cpuIndex) {
        return partitionOf[cpuIndex];
    }

    void assign(int cpuIndex, Partition p) {
        partitionOf[cpuIndex] = p;
    }

    /**
     * Takes {@code e} (null for IRQ and FIQ) to EL2 and runs the model's handler; returns where the
     * CPU continues: the ERET's target, or anywhere when the partition was stopped (its CPUs are off).
     */
    public long take(Cpu cpu, ExceptionKind kind, ArchitecturalException e, long preferredReturn) {
        int fromEl = cpu.el;
        long vector = ExceptionEntry.take(cpu, 2, kind, e, preferredReturn);
        int i = cpu.index();
        Trap t = traps[i];
        t.capture(cpu, kind, fromEl);
        El2Operations o = ops[i];
        o.begin(t, defaultPath(t));
        PrimitiveCosts costs = platform.machine().timing().costs(cpu);
        o.charge("exception entry to EL2", costs.exceptionEntry(cpu, 2));
        TrapResult r;
        String reason = "";
        if (fromEl == 2) {
            r = TrapResult.UNHANDLED;
            reason = "exception taken from EL2, where only the model runs";
        } else {
            model.enter(t, o);
            r = dispatch(t, o);
        }
        if (r != TrapResult.HANDLED) {
            charge(cpu, o);
            stop(cpu, t, r, reason);
            return vector;
        }
        model.leave(t, o);
        o.charge("ERET", costs.exceptionReturn(cpu));
        charge(cpu, o);
        return exceptionReturn(cpu);
    }

    /**
     * Operations on CPU {@code cpuIndex} outside any trap, for the work a model does while it is
     * being enabled (per-CPU EL2 setup, table building): the CPU is put at EL2 (where firmware hands
     * it to the hypervisor) and the steps are charged to it on {@code path} by {@link #endSetup}.
     */
    public El2Operations beginSetup(int cpuIndex, String path) {
        Cpu cpu = platform.machine().cpu(cpuIndex);
        if (cpu.el != 2) {
            Pstate.select(cpu, 2, 1);
        }
        traps[cpuIndex].capture(cpu, ExceptionKind.SYNC, 2);
        ops[cpuIndex].begin(traps[cpuIndex], path);
        return ops[cpuIndex];
    }

    /** Ends a {@link #beginSetup} session: its steps go to the ledger and the CPU's clock. */
    public void endSetup(El2Operations o) {
        charge(o.cpu(), o);
    }

    private void charge(Cpu cpu, El2Operations o) {
        long cycles = o.commit(model.name(), ledger);
        platform.machine().chargeCycles(cpu.index(), cycles);
    }

    private TrapResult dispatch(Trap t, El2Operations o) {
        return switch (t.kind()) {
            case IRQ -> model.irq(t, o);
            case FIQ -> model.fiq(t, o);
            case SERROR -> model.serror(t, o);
            case SYNC -> switch (t.ec()) {
                case ExceptionClass.HVC64 -> model.hvc(t, o);
                case ExceptionClass.SMC64 -> model.smc(t, o);
                case ExceptionClass.DATA_ABORT_LOWER -> model.dataAbort(t, o);
                case ExceptionClass.INSN_ABORT_LOWER -> model.instructionAbort(t, o);
                case ExceptionClass.SYSREG -> model.sysreg(t, o);
                case ExceptionClass.WFX -> model.wfx(t, o);
                default -> model.other(t, o);
            };
        };
    }

    private static String defaultPath(Trap t) {
        return switch (t.kind()) {
            case IRQ -> "irq";
            case FIQ -> "fiq";
            case SERROR -> "serror";
            case SYNC -> switch (t.ec()) {
                case ExceptionClass.HVC64 -> "hvc";
                case ExceptionClass.SMC64 -> "smc";
                case ExceptionClass.DATA_ABORT_LOWER -> "data-abort";
                case ExceptionClass.INSN_ABORT_LOWER -> "instruction-abort";
                case ExceptionClass.SYSREG -> "sysreg";
                case ExceptionClass.WFX -> "wfx";
                default -> "other";
            };
        };
    }

    /**
     * Stops the partition of {@code cpu} because of trap {@code t}: a model may call it from a
     * handler too (then return the same result). Other partitions are untouched.
     */
    public void stop(Cpu cpu, Trap t, TrapResult r, String reason) {
        Partition p = partitionOf(cpu.index());
        if (p == null) {
            p = definePartition("cpu" + cpu.index(), new int[] {cpu.index()});
        }
        Machine m = platform.machine();
        PartitionReport report = new PartitionReport(p.name(), cpu.index(), r, reason, t.describe(),
                registers(cpu), m.nowPs(cpu.index()));
        if (!p.stopped()) {
            p.markStopped();
            reports.add(report);
            LOG.warn("{}", report.text());
        }
        for (int c : p.cpus()) {
            m.powerOff(m.cpu(c));
        }
        cpu.requestStop();
        model.partitionStopped(p, report);
    }

    /**
     * Records that a model stopped {@code partitionName} itself (a guest whose vCPUs it halted
     * while the physical CPUs run on with other guests' vCPUs), without powering anything off: the
     * report is kept and logged like the dispatcher's own.
     */
    public void recordStop(String partitionName, Cpu cpu, Trap t, TrapResult r, String reason) {
        PartitionReport report = new PartitionReport(partitionName, cpu.index(), r, reason, t.describe(),
                registers(cpu), platform.machine().nowPs(cpu.index()));
        reports.add(report);
        LOG.warn("{}", report.text());
    }

    /**
     * {@code AArch64.ExceptionReturn} from EL2 with ELR_EL2 and SPSR_EL2: restores NZCV, DAIF, EL
     * and SPSel, clears the exclusive monitor and sets the Event Register. A model only ever
     * returns to EL1 or EL0 in AArch64.
     */
    static long exceptionReturn(Cpu cpu) {
        SystemRegisterFile s = cpu.sysregs;
        long spsr = s.spsr[2];
        int m = (int) spsr & 0x1F;
        int el = m >>> 2 & 3;
        if (el >= 2 || (m & Pstate.SPSR_M_NRW) != 0 || (m & 2) != 0 || (el == 0 && (m & 1) != 0)) {
            throw new IllegalStateException(String.format("model returns with SPSR_EL2 0x%x", spsr));
        }
        cpu.exclusiveOpen = false;
        cpu.eventRegister = true;
        cpu.setNzcv((int) (spsr >>> 28) & 0xF);
        cpu.daif = (int) spsr & Pstate.DAIF_MASK;
        cpu.il = false;
        Pstate.select(cpu, el, m & 1);
        cpu.interruptsChanged();
        return s.elr[2];
    }

    /**
     * Puts {@code cpu} at EL1h at {@code entry} with X0 = {@code x0}, D, A, I, F masked, the EL1 MMU
     * off (as a hypervisor resets a vCPU before starting it: Jailhouse's arm_cpu_reset).
     */
    public static void enterEl1(Cpu cpu, long entry, long x0) {
        for (int r = 0; r <= 30; r++) {
            cpu.x[r] = 0;
        }
        cpu.x[0] = x0;
        Pstate.select(cpu, 1, 1);
        cpu.daif = Pstate.DAIF_MASK;
        cpu.setNzcv(0);
        cpu.il = false;
        cpu.exclusiveOpen = false;
        cpu.pc = entry;
        cpu.sysregs.sctlrEl1 = SystemRegisterFile.SCTLR_EL1_RESET;
        cpu.switchTlb(1);
        cpu.flushTlb();
        cpu.interruptsChanged();
    }

    private static String registers(Cpu cpu) {
        StringBuilder b = new StringBuilder();
        for (int r = 0; r <= 30; r++) {
            b.append(String.format("  x%-2d=%016x", r, cpu.x[r]));
            if (r % 4 == 3) {
                b.append('\n');
            }
        }
        SystemRegisterFile s = cpu.sysregs;
        b.append(String.format("  sp_el1=%016x%n  ELR_EL2=%016x SPSR_EL2=%08x FAR_EL2=%016x HPFAR_EL2=%016x",
                cpu.spEl[1], s.elr[2], s.spsr[2], s.far[2], s.hpfarEl2));
        return b.toString();
    }
}
