package dev.hvlab.core.hypervisor;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.machine.PrimitiveCosts;
import dev.hvlab.core.machine.PrimitiveCosts.Barrier;
import dev.hvlab.core.mem.MmioDevice;
import dev.hvlab.core.mem.Page;
import dev.hvlab.core.mem.PhysicalMemory;
import dev.hvlab.core.sysreg.SystemRegister;
import dev.hvlab.core.sysreg.SystemRegisters;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The EL2 operations facade: the only way a model's handler acts on the machine. Each operation
 * does what the corresponding EL2 instructions would do, on the CPU that trapped (sysreg accesses
 * through the same system-register table as MRS/MSR, list registers, physical GIC sysregs and MMIO,
 * loads and stores of the hypervisor's data in simulated RAM, stage 2 table edits, TLB maintenance,
 * SMCs to the EL3 firmware), and charges it with the primitive prices of the CPU's core
 * ({@link PrimitiveCosts}, from {@code machine.timing().costs(cpu)}).
 *
 * <p>Each charged step is named after what it is ("MRS ICC_IAR1_EL1", "save x0-x30", "MMIO write
 * gicd") and recorded under the current path ({@link #path(String)}; the dispatcher starts every
 * trap on a default path named after its exception class). At the end of the trap the steps go to
 * the {@link CostLedger} under (model, path, step) and their cycles are added to the CPU's clock.
 */
public final class El2Operations {
    private static final Map<String, SystemRegister> REGISTERS = new ConcurrentHashMap<>();
    /** Enough for a split-mode round trip (two context switches of ~25 registers each way). */
    private static final int MAX_STEPS = 4096;
    private static final StepNames MRS = new StepNames("MRS ");
    private static final StepNames MSR = new StepNames("MSR ");
    private static final StepNames STORE = new StepNames("store ");
    private static final StepNames LOAD = new StepNames("load ");
    private static final StepNames MMIO_READ = new StepNames("MMIO read ");
    private static final StepNames MMIO_WRITE = new StepNames("MMIO write ");
    private static final String[] LOAD_GUEST_X = StepNames.numbered("load guest x", 31, " from the frame");
    private static final String[] READ_GUEST_X = StepNames.numbered("read guest x", 31, "");
    private static final String[] STORE_GUEST_X = StepNames.numbered("store guest x", 31, " to the frame");
    private static final String[] WRITE_GUEST_X = StepNames.numbered("write guest x", 31, "");
    private static final String[] ICH_LR = StepNames.numbered("ICH_LR", 16, "_EL2");
    private static final String[] ENTRY_TO_EL = StepNames.numbered("exception entry to EL", 4, "");
    /** "save xA-xB" / "restore xA-xB" by A * 32 + B. */
    private static final String[] SAVE_X = new String[32 * 32];
    private static final String[] RESTORE_X = new String[32 * 32];

    static {
        for (int a = 0; a < 32; a++) {
            for (int b = a; b < 32; b++) {
                SAVE_X[a * 32 + b] = "save x" + a + "-x" + b;
                RESTORE_X[a * 32 + b] = "restore x" + a + "-x" + b;
            }
        }
    }

    private final El2Dispatcher dispatcher;
    private final Cpu cpu;
    private final PhysicalMemory memory;
    private final String[] stepNames = new String[MAX_STEPS];
    private final long[] stepCycles = new long[MAX_STEPS];
    private int steps;
    private String path;
    private PrimitiveCosts costs;
    private Trap trap;
    /** Where x0-x30 were saved on this trap, or -1. */
    private long frame = -1;

    El2Operations(El2Dispatcher dispatcher, Cpu cpu) {
        this.dispatcher = dispatcher;
        this.cpu = cpu;
        this.memory = cpu.memory();
    }

    void begin(Trap t, String defaultPath) {
        this.trap = t;
        this.path = defaultPath;
        this.steps = 0;
        this.frame = -1;
        this.costs = dispatcher.platform().machine().timing().costs(cpu);
    }

    /** Sends the trap's steps to the ledger and their cycles to the CPU's clock. */
    long commit(String model, CostLedger ledger) {
        long total = 0;
        for (int i = 0; i < steps; i++) {
            ledger.record(model, path, stepNames[i], stepCycles[i]);
            total += stepCycles[i];
        }
        ledger.taken(model, path);
        steps = 0;
        return total;
    }

    /** Names the path this trap is on ("irq-injection", "hypercall", ...). */
    public void path(String name) {
        this.path = name;
    }

    public String currentPath() {
        return path;
    }

    /** The CPU executing the handler: the one that trapped. */
    public Cpu cpu() {
        return cpu;
    }

    public Trap trap() {
        return trap;
    }

    /** The partition the trapping CPU belongs to, or null. */
    public Partition partition() {
        return dispatcher.partitionOf(cpu.index());
    }

    /** Records a step with an explicit price; every other method ends here. */
    public void charge(String step, long cycles) {
        if (steps == MAX_STEPS) {
            stepCycles[MAX_STEPS - 1] += cycles; // a runaway handler: folded into the last step, still charged
            return;
        }
        stepNames[steps] = step;
        stepCycles[steps] = cycles;
        steps++;
    }

    // -----------------------------------------------------------------------------------------
    // Software work of the hypervisor itself
    // -----------------------------------------------------------------------------------------

    /** {@code instructions} simple integer instructions of hypervisor code (decode, dispatch, checks). */
    public void compute(String step, int instructions) {
        charge(step, costs.alu(cpu, instructions));
    }

    /** A DMB, DSB or ISB. */
    public void barrier(Barrier kind) {
        charge(kind.name(), costs.barrier(cpu, kind));
    }

    /** Exception entry to EL{@code targetEl} as the hardware performs it (the dispatcher charges the trap's own). */
    public void exceptionEntry(int targetEl) {
        charge(ENTRY_TO_EL[targetEl], costs.exceptionEntry(cpu, targetEl));
    }

    /** ERET (the dispatcher charges the trap's own return). */
    public void exceptionReturn() {
        charge("ERET", costs.exceptionReturn(cpu));
    }

    // -----------------------------------------------------------------------------------------
    // Register sets
    // -----------------------------------------------------------------------------------------

    /** Stores x{@code first}..x{@code last} of the guest to the trap frame at {@code framePa} (slot n at +8n). */
    public void saveGprs(long framePa, int first, int last) {
        long c = 0;
        for (int r = first; r <= last; r++) {
            writeRam(framePa + 8L * r, cpu.x[r], 8);
            c += costs.store(cpu, framePa + 8L * r);
        }
        if (first == 0) {
            frame = framePa;
        }
        charge(SAVE_X[first * 32 + last], c);
    }

    /** Loads x{@code first}..x{@code last} back from the trap frame into the guest's registers. */
    public void restoreGprs(long framePa, int first, int last) {
        long c = 0;
        for (int r = first; r <= last; r++) {
            cpu.x[r] = readRam(framePa + 8L * r, 8);
            c += costs.load(cpu, framePa + 8L * r);
        }
        charge(RESTORE_X[first * 32 + last], c);
    }

    /** The guest's X{@code n} (XZR for 31): from the trap frame when x0-x30 were saved there. */
    public long gpr(int n) {
        if (n == 31) {
            return 0;
        }
        if (frame >= 0) {
            charge(LOAD_GUEST_X[n], costs.load(cpu, frame + 8L * n));
            return readRam(frame + 8L * n, 8);
        }
        charge(READ_GUEST_X[n], costs.alu(cpu, 1));
        return cpu.x[n];
    }

    /** Sets the guest's X{@code n} (ignored for XZR): in the trap frame when there is one, so the restore returns it. */
    public void setGpr(int n, long value) {
        if (n == 31) {
            return;
        }
        if (frame >= 0) {
            charge(STORE_GUEST_X[n], costs.store(cpu, frame + 8L * n));
            writeRam(frame + 8L * n, value, 8);
        } else {
            charge(WRITE_GUEST_X[n], costs.alu(cpu, 1));
        }
        cpu.x[n] = value;
    }

    /** Saves each named system register to consecutive slots at {@code pa} (MRS + STR each). */
    public void saveSysregs(String[] names, long pa) {
        for (int i = 0; i < names.length; i++) {
            long v = readSysreg(names[i]);
            writeRam(pa + 8L * i, v, 8);
            charge(STORE.of(names[i]), costs.store(cpu, pa + 8L * i));
        }
    }

    /** Restores each named system register from consecutive slots at {@code pa} (LDR + MSR each). */
    public void restoreSysregs(String[] names, long pa) {
        for (int i = 0; i < names.length; i++) {
            charge(LOAD.of(names[i]), costs.load(cpu, pa + 8L * i));
            writeSysreg(names[i], readRam(pa + 8L * i, 8));
        }
    }

    // -----------------------------------------------------------------------------------------
    // System registers, the GIC's virtual and physical CPU interface
    // -----------------------------------------------------------------------------------------

    /** MRS of the named register, as executed at EL2. */
    public long readSysreg(String name) {
        charge(MRS.of(name), costs.sysregRead(cpu));
        return register(name).read(cpu);
    }

    /** MSR of the named register, as executed at EL2 (its write side effects included). */
    public void writeSysreg(String name, long value) {
        charge(MSR.of(name), costs.sysregWrite(cpu));
        register(name).write(cpu, value);
    }

    /** ICH_LR{@code n}_EL2 write. */
    public void writeListRegister(int n, long value) {
        charge("MSR ICH_LR<n>_EL2", costs.sysregWrite(cpu));
        register(ICH_LR[n]).write(cpu, value);
    }

    /** ICH_LR{@code n}_EL2 read. */
    public long readListRegister(int n) {
        charge("MRS ICH_LR<n>_EL2", costs.sysregRead(cpu));
        return register(ICH_LR[n]).read(cpu);
    }

    /**
     * A system instruction (SYS, op0 = 1) executed at EL2, as named in the table: "AT S12E1R",
     * "TLBI VMALLE1IS" ...; priced as a system-register write.
     */
    public void systemInstruction(String name, long xt) {
        dev.hvlab.core.sysreg.SystemInstruction i = SystemRegisters.standard().instructionByName(name);
        if (i == null) {
            throw new IllegalArgumentException("no system instruction " + name);
        }
        charge(name, costs.sysregWrite(cpu));
        i.execute(cpu, xt);
    }

    /** Saves V0-V31, FPSR and FPCR to {@code pa} (STP Q pairs; FPSR at +512, FPCR at +520). */
    public void saveFp(long pa) {
        long c = 0;
        for (int i = 0; i < 64; i++) {
            writeRam(pa + 8L * i, cpu.vreg[i], 8);
        }
        for (int i = 0; i < 32; i++) {
            c += costs.store(cpu, pa + 16L * i);
        }
        charge("save q0-q31", c);
        long fpsr = readSysreg("FPSR");
        long fpcr = readSysreg("FPCR");
        store("store FPSR", pa + 512, fpsr, 8);
        store("store FPCR", pa + 520, fpcr, 8);
    }

    /** Restores what {@link #saveFp} saved at {@code pa}. */
    public void restoreFp(long pa) {
        long c = 0;
        for (int i = 0; i < 64; i++) {
            cpu.vreg[i] = readRam(pa + 8L * i, 8);
        }
        for (int i = 0; i < 32; i++) {
            c += costs.load(cpu, pa + 16L * i);
        }
        charge("restore q0-q31", c);
        writeSysreg("FPSR", load("load FPSR", pa + 512, 8));
        writeSysreg("FPCR", load("load FPCR", pa + 520, 8));
    }

    /** Adds 4 to ELR_EL2: the return skips the trapped instruction (SMC, MSR/MRS, emulated load/store). */
    public void skipInstruction() {
        long elr = readSysreg("ELR_EL2");
        writeSysreg("ELR_EL2", elr + 4);
    }

    /**
     * A physical SGI: DSB ISH, MSR ICC_SGI1R_EL1 targeting CPU {@code target}'s affinity, ISB (as
     * the hypervisors' send-SGI routines do).
     */
    public void sendSgi(int intid, int target) {
        long mpidr = dispatcher.platform().machine().cpu(target).sysregs.mpidr;
        long aff0 = mpidr & 0xF;
        long aff1 = mpidr >>> 8 & 0xFF;
        long aff2 = mpidr >>> 16 & 0xFF;
        long sgi1r = (1L << aff0) | aff1 << 16 | (long) (intid & 0xF) << 24 | aff2 << 32;
        barrier(Barrier.DSB);
        writeSysreg("ICC_SGI1R_EL1", sgi1r);
        barrier(Barrier.ISB);
    }

    // -----------------------------------------------------------------------------------------
    // Memory: the hypervisor's data, guest memory, physical devices
    // -----------------------------------------------------------------------------------------

    /** A load from RAM (the hypervisor's own data or a guest's memory), up to 8 bytes. */
    public long load(String step, long pa, int size) {
        charge(step, costs.load(cpu, pa));
        return readRam(pa, size);
    }

    /** A store to RAM, up to 8 bytes. */
    public void store(String step, long pa, long value, int size) {
        charge(step, costs.store(cpu, pa));
        writeRam(pa, value, size);
    }

    /** Copies {@code length} bytes of RAM, 8 bytes per load/store pair. */
    public void copy(long dstPa, long srcPa, int length) {
        byte[] b = new byte[length];
        memory.read(srcPa, b, 0, length);
        memory.write(dstPa, b, 0, length);
        long c = 0;
        for (int o = 0; o < length; o += 8) {
            c += costs.load(cpu, srcPa + o) + costs.store(cpu, dstPa + o);
        }
        charge("copy " + length + " bytes", c);
    }

    /** A physical MMIO read (GICD, GICR, a UART ...), as the device sees it from this CPU. */
    public long deviceRead(long pa, int size) {
        PhysicalMemory.DeviceRegion d = device(pa);
        charge(MMIO_READ.of(d.name()), costs.deviceAccess(cpu));
        return d.device().read(cpu.index(), pa - d.base(), size);
    }

    /** A physical MMIO write. */
    public void deviceWrite(long pa, long value, int size) {
        PhysicalMemory.DeviceRegion d = device(pa);
        charge(MMIO_WRITE.of(d.name()), costs.deviceAccess(cpu));
        MmioDevice dev = d.device();
        dev.write(cpu.index(), pa - d.base(), value, size);
    }

    // -----------------------------------------------------------------------------------------
    // Stage 2 and TLBs
    // -----------------------------------------------------------------------------------------

    /** Maps a range in a partition's stage 2 tables; each descriptor written is a store. */
    public void stage2Map(Stage2Tables tables, long ipa, long pa, long size, long attributes) {
        int n = tables.map(ipa, pa, size, attributes);
        charge("stage 2 descriptor writes", n * costs.store(cpu, tables.root()));
    }

    /** Unmaps a range in a partition's stage 2 tables (then invalidate with {@link #tlbiVmalls12e1}). */
    public void stage2Unmap(Stage2Tables tables, long ipa, long size) {
        int n = tables.unmap(ipa, size);
        charge("stage 2 descriptor writes", n * costs.store(cpu, tables.root()));
    }

    /** TLBI VMALLS12E1IS; DSB ISH; ISB: every CPU's stage 1 and 2 entries of the current VMID. */
    public void tlbiVmalls12e1() {
        charge("TLBI VMALLS12E1IS", costs.tlbMaintenance(cpu));
        for (Cpu c : dispatcher.platform().machine().cpus()) {
            c.flushTlb();
        }
        barrier(Barrier.DSB);
        barrier(Barrier.ISB);
    }

    // -----------------------------------------------------------------------------------------
    // EL3, vCPUs and partitions
    // -----------------------------------------------------------------------------------------

    /**
     * SMC from EL2 to the EL3 firmware model with function {@code fid} and arguments; returns X0.
     * The guest's X0-X3 are preserved (the hypervisor's own registers carry the call).
     */
    public long secureMonitorCall(long fid, long a1, long a2, long a3) {
        long[] saved = {cpu.x[0], cpu.x[1], cpu.x[2], cpu.x[3]};
        cpu.x[0] = fid;
        cpu.x[1] = a1;
        cpu.x[2] = a2;
        cpu.x[3] = a3;
        charge("SMC to EL3", costs.exceptionEntry(cpu, 3) + costs.exceptionReturn(cpu));
        long r = -1;
        if (dispatcher.platform().firmware() != null) {
            dispatcher.platform().firmware().handleSmc(cpu);
            r = cpu.x[0];
        }
        System.arraycopy(saved, 0, cpu.x, 0, 4);
        return r;
    }

    /**
     * Switches the vCPU running on this CPU: saves x0-x30, ELR_EL2, SPSR_EL2 and the named EL1
     * registers of the outgoing vCPU to {@code outPa}, restores those of the incoming one from
     * {@code inPa} and loads its VTTBR_EL2. The ERET that ends the trap enters the incoming vCPU.
     */
    public void switchVcpu(long outPa, long inPa, String[] el1Registers, long inVttbr) {
        saveGprs(outPa, 0, 30);
        String[] el2 = {"ELR_EL2", "SPSR_EL2"};
        saveSysregs(el2, outPa + 31 * 8);
        saveSysregs(el1Registers, outPa + 33 * 8);
        restoreSysregs(el1Registers, inPa + 33 * 8);
        restoreSysregs(el2, inPa + 31 * 8);
        restoreGprs(inPa, 0, 30);
        frame = -1;
        writeSysreg("VTTBR_EL2", inVttbr);
        barrier(Barrier.ISB);
    }

    /**
     * Crosses to another partition on this CPU (a KVM host, Xen's dom0): a vCPU switch, after which
     * the CPU belongs to {@code target}, so a failure there stops {@code target}, not the caller.
     */
    public void crossTo(Partition target, long outPa, long inPa, String[] el1Registers, long inVttbr) {
        switchVcpu(outPa, inPa, el1Registers, inVttbr);
        dispatcher.assign(cpu.index(), target);
    }

    // -----------------------------------------------------------------------------------------

    private PhysicalMemory.DeviceRegion device(long pa) {
        PhysicalMemory.DeviceRegion d = memory.device(pa);
        if (d == null) {
            throw new IllegalArgumentException(String.format("no device at 0x%x", pa));
        }
        return d;
    }

    static SystemRegister register(String name) {
        return REGISTERS.computeIfAbsent(name, n -> {
            SystemRegister r = SystemRegisters.standard().byName(n);
            if (r == null) {
                throw new IllegalArgumentException("no system register " + n);
            }
            return r;
        });
    }

    private long readRam(long pa, int size) {
        Page p = memory.page(pa);
        if (p == null) {
            throw new IllegalArgumentException(String.format("0x%x is not RAM", pa));
        }
        int o = (int) (pa & Page.MASK);
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            v = (v << 8) | (p.data[o + i] & 0xFF);
        }
        return v;
    }

    /** Little-endian, straight into the page (no buffer: trap paths run millions of times). */
    private void writeRam(long pa, long value, int size) {
        Page page = memory.page(pa);
        int off = (int) (pa & Page.MASK);
        if (page != null && off + size <= Page.SIZE) {
            for (int i = 0; i < size; i++) {
                page.data[off + i] = (byte) (value >>> (8 * i));
            }
            page.invalidate(off, size);
            return;
        }
        for (int i = 0; i < size; i++) {
            long a = pa + i;
            Page p = memory.page(a);
            if (p == null) {
                throw new IllegalArgumentException(String.format("0x%x is not RAM", a));
            }
            int o = (int) (a & Page.MASK);
            p.data[o] = (byte) (value >>> (8 * i));
            p.invalidate(o, 1);
        }
    }
}
