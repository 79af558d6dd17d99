package dev.hvlab.core.timing;

import static dev.hvlab.core.timing.InstructionClass.NONE;

import dev.hvlab.core.cpu.AccessType;
import dev.hvlab.core.cpu.ArchitecturalException;
import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.Op;
import dev.hvlab.core.cpu.TimingHook;
import dev.hvlab.core.machine.PrimitiveCosts;
import dev.hvlab.core.mem.Page;
import dev.hvlab.core.mmu.SystemTranslator;
import dev.hvlab.core.mmu.TranslationWalker;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * The approximate timing of one core: a dependency-aware pipeline approximation fed by the
 * instructions the CPU retires and the accesses it makes, with the core's private L1 caches and
 * TLBs and its cluster's shared L2.
 *
 * <p>Time is kept in {@link #SCALE}ths of a cycle so that fractional issue costs (a 3-wide decoder
 * spends a third of a cycle per instruction) stay integral and deterministic. The front end
 * ({@link #fe}) is the earliest time the next instruction can issue; each instruction issues at the
 * latest of that, its source registers' ready times and its execution unit's free time, and
 * writes its destinations' ready times (issue + latency).
 * <ul>
 *   <li>In order (Cortex-A53): the next instruction cannot issue before this one, so a stall on a
 *       source stalls everything after it; the front end advances by 1/width per instruction.
 *   <li>Out of order (Cortex-A72): the front end advances by 1/width per instruction whatever the
 *       dependencies, but no further than the reorder window: instruction i cannot enter before
 *       instruction i - window has retired (retirement is in order).
 * </ul>
 * A mispredicted branch restarts the front end at its resolution plus the penalty; barriers,
 * system register writes, exception entry and return drain the pipeline and add their cost.
 *
 * <p>Memory: every data access the CPU reports goes through the data TLBs (a miss in both replays
 * the translation-table walk, whose descriptor reads go through the L2 and DRAM), the L1 D-cache,
 * the cluster's L2 and DRAM; a load's latency is that of the level that hit. Each line moved from
 * DRAM or the L2 occupies a per-core transfer resource for the line's transfer time, which bounds
 * bandwidth and makes stores to missing lines cost their refill.
 */
public final class CoreTimer implements TimingHook, PrimitiveCosts {
    /** Time units per cycle. */
    public static final int SCALE = 12;

    private static final int UNIT_INT = 0;
    private static final int UNIT_MULTI = 1;
    private static final int UNIT_DIV = 2;
    private static final int UNIT_LOAD = 3;
    private static final int UNIT_STORE = 4;
    private static final int UNIT_BRANCH = 5;
    private static final int UNIT_FP = 6;
    private static final int UNIT_FP_DIV = 7;
    private static final int UNIT_SYS = 8;
    private static final int UNITS = 9;

    private final Cpu cpu;
    private final String coreType;
    private final boolean inOrder;
    private final long widthCost;
    private final int window;
    private final long mispredictPenalty;
    private final int[] latency = new int[InstructionClass.COUNT];
    private final int[] issue = new int[InstructionClass.COUNT];
    private final int[] unit = new int[InstructionClass.COUNT];
    /** latency, issue and unit of each class in one word (bits 23:0, 47:24, 63:48): one load per instruction. */
    private final long[] cost = new long[InstructionClass.COUNT];

    final SetAssociativeCache l1i;
    final SetAssociativeCache l1d;
    final SetAssociativeCache l2;
    final SetAssociativeCache itlb;
    final SetAssociativeCache dtlb;
    final SetAssociativeCache l2tlb;
    final BranchPredictor predictor;

    // Latencies in cycles (load-to-use from issue) and transfer times in time units.
    private final int l1dLatency;
    private final int l2Latency;
    private final int dramLatency;
    private final int mmioLatency;
    private final int l2TlbLatency;
    private final int walkOverhead;
    private final long l2Transfer;
    private final long dramTransfer;
    private final int exceptionEntryCost;
    private final int exceptionReturnCost;
    private final int sysregWriteCost;
    private final int dmbCost;
    private final int dsbCost;
    private final int isbCost;
    private final int tlbiCost;
    private final int maintenanceCost;
    /** Cycles a request answered by another core's L1D of this cluster takes (data or invalidation). */
    private final int snoopLatency;
    /** Extra cycles of a request that snoops the other cluster through the interconnect. */
    private final int interconnectLatency;

    // Coherence (see CoherenceState): set up by ApproximateTiming when the machine has more than one core.
    /** More than one core is attached: data accesses keep the L1D's MESI states. */
    boolean coherent;
    Cluster cluster;
    /** The machine's other clusters, reached through the interconnect. */
    Cluster[] otherClusters = new Cluster[0];
    /**
     * Whether {@link #lastDataLine} is Modified in the L1D, so that a store to it needs no coherence
     * work (used with coherence only).
     */
    private boolean lastDataWritable = true;

    // Pipeline state (time units).
    private long fe;
    private long lastRetire;
    private long flagsReady;
    private final long[] ready = new long[64];
    private final long[] unitFree = new long[UNITS];
    private final long[] retireRing;
    private int ringPos;
    private long l2Free;
    private long dramFree;
    /**
     * When the last device (MMIO) read completes: Device-nGnRE reads are never speculated and
     * reach the same peripheral in program order, so a core has one outstanding at a time and
     * the next waits for it (the same scaled time as {@code dramFree}).
     */
    private long deviceFree;

    // The memory accesses of the instruction executing now, consumed when it retires.
    /** Set by any reported access: the instruction's completion goes through {@link #memoryDone}. */
    private boolean pendingAccess;
    /**
     * Set with any of the fields below that send the completion through {@link #memoryDoneSlow}
     * (a device, a line moved, a store miss or a wait for ownership), so that the common case (L1
     * hits only) tests one field.
     */
    private boolean pendingSlow;
    private int pendingLatency;
    private int pendingL2Lines;
    private int pendingDramLines;
    private boolean pendingDevice;
    private boolean pendingStoreMiss;
    /** Cycles the store pipe waits for ownership of a line other caches held (0: none). */
    private int pendingStoreHold;

    private long lastFetchLine = -1;
    private long lastFetchPage = -1;
    private long lastDataLine = -1;
    private long lastDataPage = -1;

    private long quantumStart;
    private long limit = Long.MAX_VALUE;

    /** The source operands' ready time of the branch retiring now (it issued without them). */
    private long branchOperands;

    /** Accumulates a replayed walk's descriptor latency. */
    private int walkLatency;
    private final LongConsumer walkObserver = pa -> walkLatency += sharedLevelLatency(pa);

    // Statistics.
    long walks;
    long walkDescriptorReads;
    long deviceAccesses;
    long dramReads;
    long exceptionEntries;
    long mispredictStallCycles;
    long dataReads;
    long dataWrites;
    /** L1D lookups made for {@link PrimitiveCosts} (work priced outside guest code). */
    long primitiveL1dAccesses;
    final long[] classCounts = new long[InstructionClass.COUNT];
    long snoopsReceived;
    long invalidationsReceived;
    long cacheToCacheTransfers;
    long upgrades;
    long interconnectSnoops;
    long interconnectTransfers;

    CoreTimer(Cpu cpu, String coreType, Parameters core, Parameters memory, SetAssociativeCache sharedL2, long hz) {
        this.cpu = cpu;
        this.coreType = coreType;
        this.inOrder = core.text("pipeline.kind").equals("in-order");
        this.widthCost = Math.round((double) SCALE / core.value("pipeline.width"));
        this.window = Math.max(1, core.intValue("pipeline.window"));
        this.retireRing = new long[window];
        this.mispredictPenalty = (long) core.intValue("pipeline.mispredictPenalty") * SCALE;
        this.predictor = new BranchPredictor(core.intValue("pipeline.predictorEntries"),
                core.intValue("pipeline.historyBits"), core.intValue("pipeline.btbEntries"),
                core.intValue("pipeline.returnStack"));
        classCosts(core);

        this.l1i = cache(core, "l1i", "icache");
        this.l1d = cache(core, "l1d", "dcache");
        this.l2 = sharedL2;
        this.itlb = tlb(core, "l1i", "itlb");
        this.dtlb = tlb(core, "l1d", "dtlb");
        this.l2tlb = tlb(core, "l2", "l2tlb");
        this.l1dLatency = core.intValue("caches.l1d.latency");
        this.l2Latency = core.intValue("caches.l2.latency");
        double cyclesPerNs = hz / 1e9;
        this.dramLatency = (int) Math.round(memory.value("dramLatencyNs") * cyclesPerNs);
        this.mmioLatency = (int) Math.round(memory.value("mmioLatencyNs") * cyclesPerNs);
        this.l2TlbLatency = core.intValue("tlb.l2.latency");
        this.walkOverhead = core.intValue("tlb.walkOverhead");
        int line = core.intValue("caches.l2.line");
        this.l2Transfer = Math.round(core.value("caches.l2.lineTransfer") * SCALE);
        // A line's share of the per-core DRAM bandwidth, in this core's time units.
        this.dramTransfer = Math.max(1, Math.round(line / memory.value("dramBandwidthGBs") * cyclesPerNs * SCALE));
        this.exceptionEntryCost = core.intValue("system.exceptionEntry");
        this.exceptionReturnCost = core.intValue("system.exceptionReturn");
        this.sysregWriteCost = core.intValue("system.sysregWrite");
        this.dmbCost = core.intValue("system.dmb");
        this.dsbCost = core.intValue("system.dsb");
        this.isbCost = core.intValue("system.isb");
        this.tlbiCost = core.intValue("system.tlbi");
        this.maintenanceCost = core.intValue("system.sysMaintenance");
        this.snoopLatency = core.intValue("coherence.snoop");
        this.interconnectLatency = (int) Math.round(memory.value("clusterSnoopNs") * cyclesPerNs);
    }

    private static SetAssociativeCache cache(Parameters p, String level, String name) {
        String k = "caches." + level + ".";
        return new SetAssociativeCache(name, p.intValue(k + "size"), p.intValue(k + "ways"), p.intValue(k + "line"));
    }

    private static SetAssociativeCache tlb(Parameters p, String level, String name) {
        String k = "tlb." + level + ".";
        return new SetAssociativeCache(name, (long) p.intValue(k + "entries") << Page.SHIFT, p.intValue(k + "ways"),
                Page.SIZE);
    }

    private void classCosts(Parameters p) {
        set(p, InstructionClass.ALU, "alu", UNIT_INT);
        set(p, InstructionClass.ALU_COMPLEX, "aluComplex", UNIT_MULTI);
        set(p, InstructionClass.MUL, "mul", UNIT_MULTI);
        set(p, InstructionClass.DIV, "div", UNIT_DIV);
        set(p, InstructionClass.LOAD, "load", UNIT_LOAD);
        // One load/store pipe (Cortex-A53): stores queue behind loads and the other way round.
        set(p, InstructionClass.STORE, "store", p.intValue("pipeline.loadStorePipes") == 1 ? UNIT_LOAD : UNIT_STORE);
        for (int c : new int[] {InstructionClass.BRANCH, InstructionClass.BRANCH_COND,
            InstructionClass.BRANCH_INDIRECT, InstructionClass.RETURN}) {
            set(p, c, "branch", UNIT_BRANCH);
        }
        set(p, InstructionClass.FP_ADD, "fpAdd", UNIT_FP);
        set(p, InstructionClass.FP_MUL, "fpMul", UNIT_FP);
        set(p, InstructionClass.FP_FMA, "fpFma", UNIT_FP);
        set(p, InstructionClass.FP_DIV, "fpDiv", UNIT_FP_DIV);
        set(p, InstructionClass.SIMD, "simd", UNIT_FP);
        set(p, InstructionClass.CRYPTO, "crypto", UNIT_FP);
        set(p, InstructionClass.SYSREG_READ, "sysregRead", UNIT_SYS);
        for (int c : new int[] {InstructionClass.NOP, InstructionClass.SYSREG_WRITE, InstructionClass.DMB,
            InstructionClass.DSB, InstructionClass.ISB, InstructionClass.EXCEPTION_GEN, InstructionClass.ERET,
            InstructionClass.SYS_MAINTENANCE, InstructionClass.TLBI}) {
            set(p, c, "nop", UNIT_SYS);
        }
        issue[InstructionClass.NOP] = 0; // a NOP takes a decode slot only
        for (int c = 0; c < InstructionClass.COUNT; c++) {
            cost[c] = latency[c] | (long) issue[c] << 24 | (long) unit[c] << 48;
        }
    }

    private void set(Parameters p, int cls, String key, int u) {
        latency[cls] = (int) Math.round(p.value("classes." + key + ".latency") * SCALE);
        issue[cls] = (int) Math.round(p.value("classes." + key + ".issue") * SCALE);
        unit[cls] = u;
    }

    public String coreType() {
        return coreType;
    }

    /** Cycles since the start of the run (the front end's time). */
    public long cycles() {
        return fe / SCALE;
    }

    // -----------------------------------------------------------------------------------------
    // Quantum accounting
    // -----------------------------------------------------------------------------------------

    void beginQuantum(long cycleBudget) {
        quantumStart = fe;
        limit = (fe / SCALE + cycleBudget) * SCALE;
    }

    /** Cycles spent since {@link #beginQuantum}: differences of whole cycles, so quanta add up exactly. */
    long quantumCycles() {
        return fe / SCALE - quantumStart / SCALE;
    }

    @Override
    public boolean exhausted() {
        return fe >= limit;
    }

    // -----------------------------------------------------------------------------------------
    // TimingHook
    // -----------------------------------------------------------------------------------------

    /*
     * retire runs for every instruction. Its common path (issue, completion, an L1-hit memory
     * completion) is small enough that C2 inlines retire into the CPU's timed dispatch loop,
     * while the less frequent work is in methods of more than HotSpot's FreqInlineSize (325
     * bytecodes), which C2 never inlines: frontEnd (a new fetch line, first classification),
     * special (branches, serialising classes) and memoryDoneSlow. With those inlined, retire
     * compiles too big to be inlined into the loop in turn, which measured 10-15 % slower
     * (PERFORMANCE.md, "Session 3b"); keep them over the limit.
     */
    @Override
    public boolean retire(Cpu cpu, Op op, long pc, long nextPc) {
        int info = op.timing;
        if (info == 0 || (pc >>> 6) != lastFetchLine) {
            info = frontEnd(cpu, op, pc, info);
        }
        int c = info & 31;
        classCounts[c]++;
        long k = cost[c];
        long t = issueTime(info, c, k);
        long done = t + (k & 0xFFFFFF);
        if (pendingAccess) {
            done = memoryDone(c, t, done);
        }
        complete(info, t, done);
        if (c >= InstructionClass.BRANCH) {
            special(c, info, t, done, pc, nextPc);
        }
        return fe >= limit;
    }

    /**
     * When an instruction issues: at the latest of the front end, its sources and its unit, which it
     * then occupies. Branches are predicted: they issue without waiting for their sources, which
     * only decide when a misprediction is discovered ({@link #branchOperands}).
     */
    private long issueTime(int info, int c, long k) {
        long[] r = ready;
        // ready[NONE] is never written, so an absent source reads 0.
        long operands = Math.max(r[(info >>> 18) & 63], r[(info >>> 24) & 63]);
        if ((info & (InstructionClass.THIRD_SOURCE | 1 << 30)) != 0) {
            operands = moreOperands(info, operands);
        }
        long t = fe;
        if (c >= InstructionClass.BRANCH_COND && c <= InstructionClass.RETURN) {
            branchOperands = operands;
        } else if (operands > t) {
            t = operands;
        }
        int u = (int) (k >>> 48);
        long[] free = unitFree;
        if (free[u] > t) {
            t = free[u];
        }
        free[u] = t + ((k >>> 24) & 0xFFFFFF);
        return t;
    }

    /** Sets the destinations' ready times and advances the front end past an instruction issued at {@code t}. */
    private void complete(int info, long t, long done) {
        long[] r = ready;
        int d = (info >>> 6) & 63;
        if (d != NONE) {
            r[d] = done;
        }
        d = (info >>> 12) & 63;
        if (d != NONE && (info & InstructionClass.THIRD_SOURCE) == 0) {
            r[d] = done;
        }
        if (info < 0) {
            flagsReady = done;
        }
        long last = Math.max(done, lastRetire);
        lastRetire = last;
        if (inOrder) {
            fe = t + widthCost;
        } else {
            // Out of order: the front end advances by 1/width, but instruction i cannot enter before
            // instruction i - window retired.
            long[] ring = retireRing;
            int pos = ringPos;
            ring[pos] = last;
            pos = pos + 1 == ring.length ? 0 : pos + 1;
            ringPos = pos;
            fe = Math.max(ring[pos], fe + widthCost);
        }
    }

    /** The third source (an accumulator) and NZCV, for the few instructions that read them. */
    private long moreOperands(int info, long operands) {
        if ((info & InstructionClass.THIRD_SOURCE) != 0) {
            operands = Math.max(operands, ready[InstructionClass.dst2(info)]);
        }
        if ((info & (1 << 30)) != 0) {
            operands = Math.max(operands, flagsReady);
        }
        return operands;
    }

    /**
     * A branch or a serialising class (every class from BRANCH on): the branch's resolution time,
     * then its prediction or the drain. Like {@link #frontEnd}, one method of more than HotSpot's
     * FreqInlineSize (325 bytecodes), so that C2 never inlines it (see {@link #retire}).
     */
    private void special(int c, int info, long t, long done, long pc, long nextPc) {
        if (c >= InstructionClass.BRANCH_COND && c <= InstructionClass.RETURN) {
            done = Math.max(t, branchOperands) + latency[c];
        }
        boolean call = InstructionClass.dst1(info) == 30;
        boolean mispredicted = false;
        switch (c) {
            case InstructionClass.BRANCH -> {
                if (call) {
                    predictor.call(pc + 4);
                }
            }
            case InstructionClass.BRANCH_COND -> mispredicted = predictor.conditional(pc, nextPc != pc + 4);
            case InstructionClass.BRANCH_INDIRECT -> {
                if (call) {
                    predictor.call(pc + 4);
                }
                mispredicted = predictor.indirect(pc, nextPc);
            }
            case InstructionClass.RETURN -> mispredicted = predictor.ret(nextPc);
            case InstructionClass.SYSREG_WRITE -> drain(sysregWriteCost);
            case InstructionClass.DMB -> drain(dmbCost);
            case InstructionClass.DSB -> drain(dsbCost);
            case InstructionClass.ISB -> drain(isbCost);
            case InstructionClass.ERET -> drain(exceptionReturnCost);
            case InstructionClass.TLBI -> {
                invalidateTlbs();
                drain(tlbiCost);
            }
            case InstructionClass.SYS_MAINTENANCE -> drain(maintenanceCost);
            default -> {
            }
        }
        if (mispredicted) {
            long restart = done + mispredictPenalty;
            if (restart > fe) {
                mispredictStallCycles += (restart - fe) / SCALE;
                fe = restart;
            }
        }
    }

    private void drain(int cycles) {
        long t = Math.max(fe, lastRetire);
        fe = t + (long) cycles * SCALE;
        lastRetire = fe;
    }

    /**
     * The front end's rare work for the instruction at {@code pc}: its classification on first
     * execution (stored in the shared Op: a pure function of the word), and the fetch of a new
     * 64-byte line (ITLB, then L1I, stalling the front end on a miss). One method of more than
     * HotSpot's FreqInlineSize (325 bytecodes), so that C2 never inlines it (see {@link #retire}).
     */
    private int frontEnd(Cpu cpu, Op op, long pc, int info) {
        if (info == 0) {
            long pa = cpu.instructionPhysicalAddress(pc);
            int word;
            Page p = pa < 0 ? null : cpu.memory().page(pa);
            if (p != null) {
                word = (p.data[(int) pa & Page.MASK] & 0xFF) | (p.data[((int) pa & Page.MASK) + 1] & 0xFF) << 8
                        | (p.data[((int) pa & Page.MASK) + 2] & 0xFF) << 16
                        | (p.data[((int) pa & Page.MASK) + 3] & 0xFF) << 24;
            } else {
                word = cpu.peekInstruction(pc);
            }
            info = InstructionClass.classify(cpu.decoder(), word);
            op.timing = info;
        }
        long line = pc >>> 6;
        if (line == lastFetchLine) {
            return info;
        }
        lastFetchLine = line;
        long stall = 0;
        long page = pc >>> Page.SHIFT;
        if (page != lastFetchPage) {
            lastFetchPage = page;
            if (!itlb.access(pc)) {
                stall += l2TlbLatency;
                if (!l2tlb.access(pc)) {
                    stall += walk(cpu, pc, AccessType.FETCH);
                }
            }
        }
        long pa = cpu.instructionPhysicalAddress(pc);
        if (pa >= 0 && !l1i.access(pa)) {
            // sharedLevelLatency(pa), written out: it keeps this method over the inlining limit.
            if (l2.access(pa)) {
                lastFromDram = false;
                stall += l2Latency;
            } else {
                lastFromDram = true;
                dramReads++;
                stall += l2Latency + dramLatency;
            }
        }
        if (stall != 0) {
            fe += stall * SCALE;
        }
        return info;
    }

    /** Latency of an access that missed L1: the L2's, or the L2's and DRAM's ({@link #lastFromDram}). */
    private int sharedLevelLatency(long pa) {
        if (l2.access(pa)) {
            lastFromDram = false;
            return l2Latency;
        }
        lastFromDram = true;
        dramReads++;
        return l2Latency + dramLatency;
    }

    /** Whether the last {@link #sharedLevelLatency} went to DRAM. */
    private boolean lastFromDram;

    @Override
    public void dataAccess(Cpu cpu, long va, long pa, int size, boolean write, boolean device) {
        pendingAccess = true;
        if (write) {
            dataWrites++;
        } else {
            dataReads++;
        }
        if (device) {
            deviceAccesses++;
            pendingDevice = true;
            pendingSlow = true;
            return;
        }
        int lat = l1dLatency;
        long page = va >>> Page.SHIFT;
        if (page != lastDataPage) {
            lastDataPage = page;
            if (!dtlb.access(va)) {
                lat += l2TlbLatency;
                if (!l2tlb.access(va)) {
                    lat += walk(cpu, va, write ? AccessType.WRITE : AccessType.READ);
                }
            }
        }
        // Hits resolved by the last page and line are not counted here: see syncShortcutHits.
        long line = pa >>> 6;
        if (coherent) {
            lat = coherentLine(pa, line, write, lat);
        } else if (line != lastDataLine) {
            lastDataLine = line;
            if (!l1d.access(pa)) {
                lat = lat - l1dLatency + sharedLevelLatency(pa);
                if (lastFromDram) {
                    pendingDramLines++;
                } else {
                    pendingL2Lines++;
                }
                pendingSlow = true;
                if (write) {
                    pendingStoreMiss = true;
                }
            }
        }
        if (lat > pendingLatency) {
            pendingLatency = lat;
        }
    }

    // -----------------------------------------------------------------------------------------
    // Coherence between the L1 data caches (MESI, see CoherenceState)
    // -----------------------------------------------------------------------------------------

    /**
     * The L1D part of a data access with coherence (kept out of {@link #dataAccess} so that the
     * one-core path stays as small as it was): the previous access's line answers a load, and a
     * store if the line is known Modified.
     */
    private int coherentLine(long pa, long line, boolean write, int lat) {
        if (line != lastDataLine) {
            lastDataLine = line;
            return coherentAccess(pa, line, write, lat);
        }
        if (write && !lastDataWritable) {
            return lat + storeWait(ownership(line));
        }
        return lat;
    }

    /**
     * A data access to a line other than the last one, with coherence: the L1D lookup, then on a
     * miss the peers' L1Ds, the L2 and the other clusters; a store to a line not held exclusive
     * first gains ownership. Returns {@code lat} plus what the access adds to it.
     */
    private int coherentAccess(long pa, long line, boolean write, int lat) {
        if (l1d.access(pa)) {
            if (write) {
                return lat + storeWait(ownership(line));
            }
            lastDataWritable = false; // not known Modified: a store to it looks the state up
            return lat;
        }
        int fill = l1d.lastFill;
        int level = coherentMiss(pa, line, write);
        if (write) {
            level += storeWait(missHold);
        }
        if (lastFromDram) {
            pendingDramLines++;
        } else {
            pendingL2Lines++;
        }
        pendingSlow = true;
        if (write) {
            pendingStoreMiss = true;
        }
        l1d.state[fill] = write ? CoherenceState.MODIFIED : missShared ? 0 : CoherenceState.EXCLUSIVE;
        lastDataWritable = write;
        return lat - l1dLatency + level;
    }

    /** Whether the line {@link #coherentMiss} brought in is held elsewhere too (so it is Shared). */
    private boolean missShared;
    /** For a write, the cycles {@link #coherentMiss} waits for other copies to be invalidated. */
    private int missHold;

    /** A store waits {@code cycles} for ownership: it holds the store pipe that long (see memoryDone). */
    private int storeWait(int cycles) {
        if (cycles > pendingStoreHold) {
            pendingStoreHold = cycles;
            pendingSlow = true;
        }
        lastDataWritable = true;
        return cycles;
    }

    /**
     * An L1D miss with coherence: where the line comes from and what it costs, load to use. A read
     * leaves other copies Shared, a write removes them. Order of the sources: a peer's Modified copy
     * (cache-to-cache through the SCU), the cluster's L2, a peer's clean copy the L2 lost, the
     * other cluster through the interconnect, DRAM. A write that must also invalidate copies
     * elsewhere waits for those snoops ({@link #missHold}, not included in the latency returned).
     */
    private int coherentMiss(long pa, long line, boolean write) {
        int peers = snoopPeers(line, write);
        boolean l2Hit = l2.access(pa);
        int remote = snoopOtherClusters(line, write);
        missShared = (peers | remote) != 0;
        missHold = 0;
        lastFromDram = false;
        if ((peers & Cluster.HELD_DIRTY) != 0 || (peers != 0 && !l2Hit)) {
            cacheToCacheTransfers++;
            if (write && remote != 0) {
                interconnectSnoops++;
                missHold = interconnectLatency;
            }
            return snoopLatency;
        }
        if (l2Hit && (remote & Cluster.HELD_DIRTY) == 0) {
            if (write) {
                // The data is the L2's, but the copies elsewhere must be gone before the store.
                missHold = (peers != 0 ? snoopLatency : 0) + (remote != 0 ? interconnectLatency : 0);
                if (remote != 0) {
                    interconnectSnoops++;
                }
            }
            // A read finding only clean copies in the other cluster costs no snoop there (the
            // line is merely Shared here); the lookup above decides that state.
            return l2Latency;
        }
        if (remote != 0) {
            interconnectSnoops++;
            interconnectTransfers++;
            return l2Latency + interconnectLatency;
        }
        lastFromDram = true;
        dramReads++;
        return l2Latency + dramLatency;
    }

    /**
     * A store to {@code line}, present in the L1D: Exclusive becomes Modified silently; a Shared
     * line needs a request for a unique copy (the SCU invalidates the peers' copies, the
     * interconnect the other cluster's), which the store waits for. Returns the wait in cycles.
     */
    private int ownership(long line) {
        int i = l1d.indexOf(line);
        if (i < 0) {
            return 0; // not reachable: the caller just found the line
        }
        byte s = l1d.state[i];
        l1d.state[i] = CoherenceState.MODIFIED;
        if ((s & CoherenceState.EXCLUSIVE) != 0) {
            return 0;
        }
        upgrades++;
        snoopPeers(line, true);
        int remote = snoopOtherClusters(line, true);
        if (remote != 0) {
            interconnectSnoops++;
            return snoopLatency + interconnectLatency;
        }
        return snoopLatency;
    }

    /** Snoops the other cores of this cluster; returns the {@link Cluster#HELD} bits. */
    private int snoopPeers(long line, boolean write) {
        int found = 0;
        for (CoreTimer p : cluster.cores) {
            if (p != this) {
                found |= p.snooped(line, write);
            }
        }
        return found;
    }

    private int snoopOtherClusters(long line, boolean write) {
        int found = 0;
        for (Cluster c : otherClusters) {
            found |= c.snoop(line, write);
        }
        return found;
    }

    /**
     * Another core's request for {@code line}: a write invalidates this core's copy, a read makes
     * an Exclusive or Modified copy Shared (a Modified one is forwarded and written back). Returns
     * the {@link Cluster#HELD} bits of what this L1D had.
     */
    int snooped(long line, boolean write) {
        int i = l1d.indexOf(line);
        if (i < 0) {
            return 0;
        }
        byte s = l1d.state[i];
        int found = (s & CoherenceState.DIRTY) != 0 ? Cluster.HELD | Cluster.HELD_DIRTY : Cluster.HELD;
        if (write) {
            snoopsReceived++;
            invalidationsReceived++;
            l1d.invalidate(i);
            if (lastDataLine == line) {
                lastDataLine = -1;
            }
        } else if (s != 0) {
            snoopsReceived++;
            l1d.state[i] = 0;
            if (lastDataLine == line) {
                lastDataWritable = false;
            }
        }
        return found;
    }

    /** A load's completion given its memory accesses; charges the transfer resources. */
    private long memoryDone(int c, long t, long done) {
        if (pendingSlow) {
            return memoryDoneSlow(c, t, done);
        }
        // L1 hits only (the common case): no transfer resource, nothing held.
        if (c != InstructionClass.STORE && pendingLatency != 0) {
            done = Math.max(done, t + (long) pendingLatency * SCALE);
        }
        pendingAccess = false;
        pendingLatency = 0;
        return done;
    }

    /** {@link #memoryDone} with a device access, a line moved or a store waiting. */
    private long memoryDoneSlow(int c, long t, long done) {
        if (pendingDevice) {
            if (c == InstructionClass.STORE) {
                // Posted (early write acknowledgement is allowed for nGnRE): it holds the store pipe only.
                long end = t + (long) mmioLatency * SCALE;
                unitFree[unit[c]] = Math.max(unitFree[unit[c]], end);
                done = Math.max(done, end);
            } else {
                long end = Math.max(t, deviceFree) + (long) mmioLatency * SCALE;
                deviceFree = end;
                done = Math.max(done, end);
            }
        }
        long start = t;
        if (pendingDramLines > 0) {
            start = Math.max(t, dramFree);
            dramFree = start + pendingDramLines * dramTransfer;
        } else if (pendingL2Lines > 0) {
            start = Math.max(t, l2Free);
            l2Free = start + pendingL2Lines * l2Transfer;
        }
        if (c == InstructionClass.STORE) {
            // Stores retire into the store buffer; a line refill still occupies the store pipe.
            if (pendingStoreMiss) {
                unitFree[unit[c]] = Math.max(unitFree[unit[c]],
                        pendingDramLines > 0 ? dramFree : pendingL2Lines > 0 ? l2Free : start);
            }
            if (pendingStoreHold != 0) {
                // So does waiting for ownership of a line other caches held.
                unitFree[unit[c]] = Math.max(unitFree[unit[c]], t + (long) pendingStoreHold * SCALE);
            }
        } else if (pendingLatency != 0) {
            done = Math.max(done, start + (long) pendingLatency * SCALE);
        }
        pendingAccess = false;
        pendingLatency = 0;
        pendingL2Lines = 0;
        pendingDramLines = 0;
        pendingDevice = false;
        pendingStoreMiss = false;
        pendingStoreHold = 0;
        pendingSlow = false;
        return done;
    }

    /**
     * Replays the translation of {@code va} with the walker reporting its descriptor reads, which go
     * through the L2 and DRAM; returns the walk's latency. Without an MMU translator there are no walks.
     */
    private int walk(Cpu cpu, long va, AccessType type) {
        if (!(cpu.translator() instanceof SystemTranslator st)) {
            return 0;
        }
        TranslationWalker w = st.walker();
        walkLatency = 0;
        w.descriptorObserver = walkObserver;
        try {
            st.translate(cpu, va, type, cpu.pc);
        } catch (ArchitecturalException e) {
            // Not reachable for an access that just translated; the walk still cost its reads.
        } finally {
            w.descriptorObserver = null;
        }
        int reads = w.descriptorReads;
        if (reads == 0) {
            return 0; // MMU off: no walk
        }
        walks++;
        walkDescriptorReads += reads;
        return walkOverhead + walkLatency;
    }

    @Override
    public void exceptionTaken(Cpu cpu, int targetEl) {
        exceptionEntries++;
        pendingAccess = false;
        pendingLatency = 0;
        pendingL2Lines = 0;
        pendingDramLines = 0;
        pendingDevice = false;
        pendingStoreMiss = false;
        pendingStoreHold = 0;
        pendingSlow = false;
        drain(exceptionEntryCost);
    }

    @Override
    public void translationsFlushed(Cpu cpu) {
        // Only a TLBI (or a change of regime the model does not distinguish) drops translations;
        // the software TLB is flushed for other reasons too, so the model keeps its own state unless
        // the flush comes from a TLBI instruction, which is charged through its class.
        lastDataPage = -1;
        lastFetchPage = -1;
    }

    /** Forgets every cached translation of the timing TLBs (TLBI as the model sees it). */
    void invalidateTlbs() {
        itlb.invalidateAll();
        dtlb.invalidateAll();
        l2tlb.invalidateAll();
        lastDataPage = -1;
        lastFetchPage = -1;
    }

    // -----------------------------------------------------------------------------------------
    // PrimitiveCosts: the same numbers, for work done outside guest code
    // -----------------------------------------------------------------------------------------

    @Override
    public long exceptionEntry(Cpu cpu, int targetEl) {
        return exceptionEntryCost;
    }

    @Override
    public long exceptionReturn(Cpu cpu) {
        return exceptionReturnCost;
    }

    @Override
    public long sysregRead(Cpu cpu) {
        return Math.max(1, latency[InstructionClass.SYSREG_READ] / SCALE);
    }

    @Override
    public long sysregWrite(Cpu cpu) {
        return sysregWriteCost;
    }

    @Override
    public long load(Cpu cpu, long pa) {
        primitiveL1dAccesses++;
        if (l1d.access(pa)) {
            return l1dLatency;
        }
        if (coherent) {
            int fill = l1d.lastFill;
            int lat = coherentMiss(pa, pa >>> 6, false);
            l1d.state[fill] = missShared ? 0 : CoherenceState.EXCLUSIVE;
            lastDataLine = -1; // the fill may have evicted the guest's last line
            return lat;
        }
        return sharedLevelLatency(pa);
    }

    @Override
    public long store(Cpu cpu, long pa) {
        primitiveL1dAccesses++;
        if (coherent) {
            return primitiveCoherentStore(pa);
        }
        if (l1d.access(pa)) {
            return 1;
        }
        sharedLevelLatency(pa);
        // The store itself retires into the store buffer; its refill costs the line's transfer.
        return 1 + (lastFromDram ? dramTransfer : l2Transfer) / SCALE;
    }

    /** {@link #store} with coherence: the refill as without, plus the wait for ownership. */
    private long primitiveCoherentStore(long pa) {
        long line = pa >>> 6;
        long cost;
        if (l1d.access(pa)) {
            cost = 1 + ownership(line);
        } else {
            int fill = l1d.lastFill;
            coherentMiss(pa, line, true);
            l1d.state[fill] = CoherenceState.MODIFIED;
            cost = 1 + (lastFromDram ? dramTransfer : l2Transfer) / SCALE + missHold;
        }
        lastDataLine = -1; // the guest's next access looks its line and state up again
        return cost;
    }

    @Override
    public long deviceAccess(Cpu cpu) {
        return mmioLatency;
    }

    @Override
    public long barrier(Cpu cpu, Barrier kind) {
        return switch (kind) {
            case DMB -> dmbCost;
            case DSB -> dsbCost;
            case ISB -> isbCost;
        };
    }

    @Override
    public long tlbMaintenance(Cpu cpu) {
        return tlbiCost;
    }

    /** Simple integer instructions at the integer pipes' throughput (independent instructions). */
    @Override
    public long alu(Cpu cpu, int n) {
        long perInsn = Math.max(issue[InstructionClass.ALU], widthCost);
        return (n * perInsn + SCALE - 1) / SCALE;
    }

    // -----------------------------------------------------------------------------------------
    // Statistics
    // -----------------------------------------------------------------------------------------

    /**
     * Every RAM data access looks the L1 data TLB and the L1D up once, but those the previous
     * access's page or line answer are not counted as they happen (that saved two counter updates
     * per access): each structure's hits are its lookups less its misses.
     */
    void syncShortcutHits() {
        long ram = dataReads + dataWrites - deviceAccesses;
        dtlb.hits = ram - dtlb.misses;
        l1d.hits = ram + primitiveL1dAccesses - l1d.misses;
    }

    /** This core's counters, gem5-style: name to {value, unit, description}. */
    Map<String, Object> statistics() {
        syncShortcutHits();
        Map<String, Object> m = new LinkedHashMap<>();
        long cycles = cycles();
        long instructions = 0;
        for (long n : classCounts) {
            instructions += n;
        }
        Stats.put(m, "numCycles", cycles, "Cycle", "cycles the core spent executing (the model's front-end time)");
        Stats.put(m, "committedInsts", instructions, "Count", "instructions retired under the approximate model");
        Stats.put(m, "ipc", cycles == 0 ? 0.0 : (double) instructions / cycles, "Ratio", "instructions per cycle");
        Stats.put(m, "cpi", instructions == 0 ? 0.0 : (double) cycles / instructions, "Ratio", "cycles per instruction");
        Map<String, Object> mix = new LinkedHashMap<>();
        for (int c = 1; c < InstructionClass.COUNT; c++) {
            if (classCounts[c] != 0) {
                mix.put(InstructionClass.NAMES[c], classCounts[c]);
            }
        }
        Stats.put(m, "committedInstType", mix, "Count", "retired instructions by timing class");
        Map<String, Object> bp = new LinkedHashMap<>();
        Stats.put(bp, "condPredicted", predictor.conditional, "Count", "conditional branches predicted");
        Stats.put(bp, "condIncorrect", predictor.conditionalMispredicted, "Count", "conditional branches mispredicted");
        Stats.put(bp, "indirectLookups", predictor.indirect, "Count", "indirect branches (BR, BLR) predicted");
        Stats.put(bp, "indirectMispredicted", predictor.indirectMispredicted, "Count", "indirect branches mispredicted");
        Stats.put(bp, "RASUsed", predictor.returns, "Count", "returns predicted by the return stack");
        Stats.put(bp, "RASIncorrect", predictor.returnsMispredicted, "Count", "returns mispredicted");
        Stats.put(bp, "mispredicted", predictor.mispredicted(), "Count", "all branch mispredictions");
        Stats.put(bp, "mispredictStallCycles", mispredictStallCycles, "Cycle", "front-end cycles lost to mispredictions");
        m.put("branchPred", bp);
        m.put("icache", Stats.cache(l1i, "L1 instruction cache"));
        m.put("dcache", Stats.cache(l1d, "L1 data cache"));
        m.put("itb", Stats.cache(itlb, "L1 instruction TLB"));
        m.put("dtb", Stats.cache(dtlb, "L1 data TLB"));
        m.put("l2tb", Stats.cache(l2tlb, "L2 (main) TLB"));
        Map<String, Object> mmu = new LinkedHashMap<>();
        Stats.put(mmu, "walks", walks, "Count", "translation table walks (L2 TLB misses with the MMU on)");
        Stats.put(mmu, "walkDescriptorReads", walkDescriptorReads, "Count", "descriptor reads of those walks (through L2/DRAM)");
        m.put("walker", mmu);
        Stats.put(m, "memReads", dataReads, "Count", "data reads reported by the CPU");
        Stats.put(m, "memWrites", dataWrites, "Count", "data writes reported by the CPU");
        Stats.put(m, "deviceAccesses", deviceAccesses, "Count", "accesses to memory-mapped devices");
        Stats.put(m, "dramLineReads", dramReads, "Count", "lines this core brought from DRAM (data, instructions, walks)");
        Map<String, Object> coh = new LinkedHashMap<>();
        Stats.put(coh, "snoopsReceived", snoopsReceived, "Count",
                "requests of other cores that found a line in this L1D Exclusive or Modified (downgraded to Shared) or took it (invalidated)");
        Stats.put(coh, "invalidationsReceived", invalidationsReceived, "Count",
                "lines of this L1D invalidated because another core wrote them");
        Stats.put(coh, "cacheToCacheTransfers", cacheToCacheTransfers, "Count",
                "L1D misses served by another core's L1D of this cluster");
        Stats.put(coh, "upgrades", upgrades, "Count",
                "stores to a line held Shared, which had to invalidate the other copies first");
        Stats.put(coh, "interconnectSnoops", interconnectSnoops, "Count",
                "requests that snooped the other cluster through the interconnect (CCI) and paid for it: data from there, or its copies invalidated for a store");
        Stats.put(coh, "interconnectTransfers", interconnectTransfers, "Count",
                "L1D misses served by another cluster through the interconnect instead of DRAM");
        m.put("coherence", coh);
        Stats.put(m, "exceptionsTaken", exceptionEntries, "Count", "exception entries priced by the model");
        return m;
    }
}
