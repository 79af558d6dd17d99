package dev.hvlab.core.cpu;

import dev.hvlab.core.decode.Decoder;
import dev.hvlab.core.mem.BusErrorException;
import dev.hvlab.core.mem.Page;
import dev.hvlab.core.mem.PhysicalMemory;
import dev.hvlab.core.sysreg.SystemRegisterFile;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One AArch64 processing element: its architectural state, its software TLB and the dispatch loop
 * that fetches, decodes (through the per-page cache) and executes instructions.
 *
 * <p>Register file layout: {@code x[0..30]} are X0-X30; {@code x[31]} reads as zero (XZR) and is
 * never written; writes to XZR go to {@code x[32]}, a sink; {@code x[33]} is the current stack
 * pointer (SP_EL0 or SP_ELx per PSTATE.SPSel). Decoders map register number 31 to {@link #ZR},
 * {@link #ZR_SINK} or {@link #SP} once, so instruction semantics never test for it.
 *
 * <p>The dispatch loop allocates nothing: instructions come from the decoded-instruction cache,
 * memory accesses hit the software TLB, and guest exceptions reuse one preallocated throwable.
 */
public final class Cpu {
    public static final int ZR = 31;
    public static final int ZR_SINK = 32;
    public static final int SP = 33;

    /** SCTLR_ELx.A: alignment checking of ordinary loads and stores. */
    private static final long SCTLR_A = 1L << 1;
    /** SCTLR_ELx.SA and SCTLR_EL1.SA0: SP alignment checking. */
    private static final long SCTLR_SA = 1L << 3;
    private static final long SCTLR_SA0 = 1L << 4;
    /** ISS.DFSC of an alignment fault, and ISS.WnR (ARM ARM D17.2.37). */
    private static final int DFSC_ALIGNMENT = 0b100001;
    private static final int ISS_WNR = 1 << 6;
    private static final int TLB_BITS = 8;
    private static final int TLB_MASK = (1 << TLB_BITS) - 1;
    private static final VarHandle LE16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LE32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LE64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** General-purpose registers, see the class comment for the layout. */
    public final long[] x = new long[34];
    /** PSTATE.N, Z, C, V. */
    public boolean n;
    public boolean z;
    public boolean c;
    public boolean v;
    /** The address of the instruction being executed (valid during {@link Op#exec}). */
    public long pc;
    /** PSTATE.EL. */
    public int el;
    /** PSTATE.SPSel. */
    public int spSel;
    /** SP_EL0..SP_EL3; the one PSTATE selects lives in {@code x[SP]} while it is current. */
    public final long[] spEl = new long[4];
    /** V0-V31, two longs each: {@code v[2n]} holds bits 63:0, {@code v[2n+1]} bits 127:64. */
    public final long[] vreg = new long[64];
    public int fpcr;
    public int fpsr;
    /** TPIDR_EL0 and TPIDRRO_EL0. */
    public long tpidrEl0;
    public long tpidrroEl0;

    /** PSTATE.{D,A,I,F}, kept in the layout of the DAIF register (bits 9:6). */
    public int daif;
    /** PSTATE.IL (illegal execution state), set by an illegal exception return. */
    public boolean il;
    /** The Event Register (ARM ARM D1.17.1): set by SEV/SEVL/exception return, cleared by WFE. */
    public boolean eventRegister;
    /** What WFI, WFE, SEV and YIELD do beyond the architectural minimum; the machine installs its own. */
    public WaitHandler waitHandler = WaitHandler.NONE;
    /** The system registers' values (the register table itself is shared, see dev.hvlab.core.sysreg). */
    public final SystemRegisterFile sysregs;

    /** The local exclusive monitor (ARM ARM B2.9): armed address and size in bytes. */
    public boolean exclusiveOpen;
    public long exclusiveAddress;
    public int exclusiveSize;

    /** Instructions retired. */
    public long instructions;
    /**
     * Set to leave {@link #run}: checked after an exception is taken; from anywhere else use
     * {@link #requestStop()}, which also raises {@link #attention}.
     */
    public boolean stopRequested;
    /**
     * Set when something outside the instruction stream needs a look before the next instruction:
     * an interrupt line changed, PSTATE's masks or the routing controls changed, or a stop was
     * requested. The dispatch loop tests this one flag; everything else is off the hot path.
     */
    public boolean attention;

    /** Physical interrupt signals from the interrupt controller (IRQ, FIQ) and the system (SError). */
    public boolean irqLine;
    public boolean fiqLine;
    public boolean serrorLine;
    /** Virtual interrupt signals from the GIC's virtual CPU interface (combined with HCR_EL2.VI/VF). */
    public boolean virqLine;
    public boolean vfiqLine;

    private final int index;
    private final PhysicalMemory memory;
    private final Decoder decoder;
    private final ArchitecturalException exception = new ArchitecturalException();
    private Translator translator;
    private ExceptionHandler exceptionHandler;
    private StateTracer tracer;
    /** Debugger watchpoints: pages it watches stay out of the read/write TLBs (null: none). */
    private WatchpointFilter watchpoints;
    /** The physical address of the last translation that found no RAM (a device access in progress). */
    private long lastDevicePa;

    /**
     * One software TLB per exception level, so that moving between EL0 and EL1 (every system call)
     * or into EL2 (every trap) switches tables instead of flushing them: translations differ by
     * regime and by privilege.
     */
    private static final class TlbSet {
        final long[] fetchTag = new long[1 << TLB_BITS];
        final Op[][] fetchOps = new Op[1 << TLB_BITS][];
        final Page[] fetchPage = new Page[1 << TLB_BITS];
        final long[] readTag = new long[1 << TLB_BITS];
        final Page[] readPage = new Page[1 << TLB_BITS];
        final long[] writeTag = new long[1 << TLB_BITS];
        final Page[] writePage = new Page[1 << TLB_BITS];

        /**
         * Only the tags: every lookup checks its tag before it touches the page or ops slot, so
         * stale references there are never used (and a flush, which context switches and
         * hypervisor world switches do often, costs three array fills instead of seven).
         */
        void flush() {
            Arrays.fill(fetchTag, -1L);
            Arrays.fill(readTag, -1L);
            Arrays.fill(writeTag, -1L);
        }
    }

    /**
     * The cached translations of one EL1&0 translation context, tagged by the full TTBR0_EL1,
     * TTBR1_EL1 and VTTBR_EL2 values they were made with (so by ASID, VMID and table base): a
     * context switch selects another context instead of flushing, as a tagged hardware TLB keeps
     * other ASIDs' entries. TLB maintenance invalidates every context: the current one at once, the
     * others when next selected ({@link #generation}).
     */
    private static final class TranslationContext {
        long ttbr0;
        long ttbr1;
        long vttbr;
        /** The {@link Cpu#tlbGeneration} its sets were last valid in; -1: never. */
        long generation = -1;
        final TlbSet el0 = new TlbSet();
        final TlbSet el1 = new TlbSet();
    }

    /** How many EL1&0 contexts keep their translations (enough for a few runnable processes). */
    private static final int CONTEXTS = 8;
    private final TranslationContext[] contexts = new TranslationContext[CONTEXTS];
    private TranslationContext context;
    private int nextContextVictim;
    /** Bumped by every invalidation of all translations. */
    private long tlbGeneration;
    /** EL0 and EL1 point into the current context; EL2 and EL3 have one set each. */
    private final TlbSet[] tlbSets = new TlbSet[4];
    /** The current EL's set: the slow paths fill it even while the fast paths are bypassed. */
    private TlbSet currentSet;
    /** Tags that never match: the fast paths' read/write tags while a timing hook observes accesses. */
    private static final long[] NO_TAGS = newNoTags();
    /** The approximate timing model's view of this CPU (null: functional timing, nothing reported). */
    private TimingHook timingHook;

    /** Slots per target EL in {@link #exceptionCounts}: ESR.EC 0-63, then IRQ and FIQ. */
    public static final int EXCEPTION_SLOTS = 66;
    public static final int SLOT_IRQ = 64;
    public static final int SLOT_FIQ = 65;
    /** Exceptions taken, by {@code targetEl * EXCEPTION_SLOTS + slot} (slot = ESR.EC, or IRQ/FIQ). */
    public final long[] exceptionCounts = new long[4 * EXCEPTION_SLOTS];
    // The current EL's set, copied into fields so the hot paths do not chase one more reference.
    private long[] fetchTag;
    private Op[][] fetchOps;
    private Page[] fetchPage;
    private long[] readTag;
    private Page[] readPage;
    private long[] writeTag;
    private Page[] writePage;

    public Cpu(int index, PhysicalMemory memory, Decoder decoder) {
        this.index = index;
        this.memory = memory;
        this.decoder = decoder;
        this.sysregs = new SystemRegisterFile(index);
        this.translator = (cpu, va, type, pc) -> va;
        this.exceptionHandler = (cpu, e) -> {
            throw new IllegalStateException("no exception handler installed: " + e.getMessage());
        };
        for (int i = 0; i < CONTEXTS; i++) {
            contexts[i] = new TranslationContext();
        }
        context = contexts[0];
        tlbSets[0] = context.el0;
        tlbSets[1] = context.el1;
        tlbSets[2] = new TlbSet();
        tlbSets[3] = new TlbSet();
        switchTlb(0);
        flushTlb();
    }

    public int index() {
        return index;
    }

    public PhysicalMemory memory() {
        return memory;
    }

    public Decoder decoder() {
        return decoder;
    }

    /** The current translator (cache maintenance by VA needs the physical page). */
    public Translator translator() {
        return translator;
    }

    public void setTranslator(Translator t) {
        this.translator = t;
        flushTlb();
    }

    public void setExceptionHandler(ExceptionHandler h) {
        this.exceptionHandler = h;
    }

    /** The installed exception handler (a tracer wraps it). */
    public ExceptionHandler exceptionHandler() {
        return exceptionHandler;
    }

    /**
     * Installs the timing model's hook (null to remove): the CPU then runs the timed dispatch loop
     * and reports each data access, bypassing the software TLB's fast paths.
     */
    public void setTimingHook(TimingHook h) {
        this.timingHook = h;
        switchTlb(el);
    }

    public TimingHook timingHook() {
        return timingHook;
    }

    /** Counts an exception taken to {@code targetEl} ({@code slot}: ESR.EC, {@link #SLOT_IRQ} or {@link #SLOT_FIQ}). */
    public void exceptionTaken(int targetEl, int slot) {
        exceptionCounts[targetEl * EXCEPTION_SLOTS + slot]++;
        if (timingHook != null) {
            timingHook.exceptionTaken(this, targetEl);
        }
    }

    /** The physical address of the instruction at {@code pc} if its page is in the fetch TLB, else -1. */
    public long instructionPhysicalAddress(long pc) {
        long vpn = pc >>> Page.SHIFT;
        int i = (int) vpn & TLB_MASK;
        return fetchTag[i] == vpn ? fetchPage[i].physicalAddress | (pc & Page.MASK) : -1;
    }

    private static long[] newNoTags() {
        long[] t = new long[1 << TLB_BITS];
        Arrays.fill(t, -1L);
        return t;
    }

    /** Installs a tracer called before every instruction (null to remove). Tracing runs a slower loop. */
    public void setTracer(StateTracer t) {
        this.tracer = t;
        attention = true; // leave the untraced loop at once
    }

    public StateTracer tracer() {
        return tracer;
    }

    /**
     * Installs the debugger's watchpoints (null to remove). Accesses to the pages it watches take the
     * slow path, where {@link WatchpointFilter#access} sees them; other pages stay on the fast path.
     */
    public void setWatchpoints(WatchpointFilter w) {
        this.watchpoints = w;
        flushTlb();
    }

    // ---------------------------------------------------------------------------------------
    // Execution
    // ---------------------------------------------------------------------------------------

    /**
     * Runs up to {@code budget} steps (an instruction retired or an exception taken), or until a
     * stop is requested. Returns the number of instructions executed. Exceptions raised on the way are taken by the installed
     * {@link ExceptionHandler}; an instruction that raises an exception does not retire.
     */
    public long run(long budget) {
        stopRequested = false;
        attention = true; // an interrupt may already be pending
        long start = instructions;
        long end = start + budget;
        long pc = this.pc;
        while (instructions < end) {
            try {
                if (attention) {
                    attention = false;
                    if (stopRequested) {
                        break;
                    }
                    this.pc = pc;
                    pc = exceptionHandler.pollInterrupts(this, pc);
                    if (attention) {
                        continue; // e.g. the handler halted the CPU
                    }
                }
                if (tracer == null && timingHook != null) {
                    pc = runTimed(pc, end, timingHook);
                    if (timingHook.exhausted()) {
                        break;
                    }
                } else if (tracer != null) {
                    while (instructions < end && !attention) {
                        this.pc = pc;
                        tracer.beforeInstruction(this, pc);
                        pc = this.pc; // a debugger stopped in the tracer may have moved the pc
                        if (stopRequested) {
                            attention = true; // the tracer stops the run before this instruction (a breakpoint)
                            break;
                        }
                        Op op = fetch(pc);
                        pc = op.exec(this, pc);
                        instructions++;
                    }
                } else {
                    // The current code page's decoded instructions, kept in locals so sequential
                    // fetches skip the TLB lookup. Any change of translation (flushTlb, switchTlb)
                    // raises attention, which leaves this loop and drops them.
                    Op[] ops = null;
                    long opsBase = 1;
                    while (instructions < end && !attention) {
                        this.pc = pc;
                        long off = pc - opsBase;
                        Op op;
                        if (Long.compareUnsigned(off, Page.SIZE) >= 0 || (off & 3) != 0
                                || (op = ops[(int) off >>> 2]) == null) {
                            op = fetch(pc);
                            long vpn = pc >>> Page.SHIFT;
                            int i = (int) vpn & TLB_MASK;
                            if (fetchTag[i] == vpn) {
                                ops = fetchOps[i];
                                opsBase = vpn << Page.SHIFT;
                            }
                        }
                        pc = op.exec(this, pc);
                        instructions++;
                    }
                }
            } catch (ArchitecturalException e) {
                pc = exceptionHandler.take(this, e);
                end--; // taking an exception uses the budget too: a fault loop must not hang the run
                if (stopRequested) {
                    break; // the handler ended the run (user mode exit, fatal fault)
                }
            }
        }
        this.pc = pc;
        return instructions - start;
    }

    /**
     * The timed dispatch loop (a timing hook installed, no tracer): as the functional loop, it keeps
     * the current code page's decoded instructions in locals, and reports each retired instruction
     * to {@code h}. Returns the next PC when it stops (budget, attention, or the hook's cycles
     * spent); an exception thrown by an instruction leaves it with {@code this.pc} at that
     * instruction. A method of its own so that the JIT compiles it, with the hook inlined, apart
     * from the functional loop.
     */
    private long runTimed(long pc, long end, TimingHook h) {
        Op[] ops = null;
        long opsBase = 1;
        while (instructions < end && !attention) {
            this.pc = pc;
            long off = pc - opsBase;
            Op op;
            if (Long.compareUnsigned(off, Page.SIZE) >= 0 || (off & 3) != 0
                    || (op = ops[(int) off >>> 2]) == null) {
                op = fetch(pc);
                long vpn = pc >>> Page.SHIFT;
                int i = (int) vpn & TLB_MASK;
                if (fetchTag[i] == vpn) {
                    ops = fetchOps[i];
                    opsBase = vpn << Page.SHIFT;
                }
            }
            long next = op.exec(this, pc);
            instructions++;
            boolean spent = h.retire(this, op, pc, next);
            pc = next;
            if (spent) {
                break;
            }
        }
        return pc;
    }

    /** Leave {@link #run} before the next instruction. */
    public void requestStop() {
        stopRequested = true;
        attention = true;
    }

    /**
     * Something that decides whether an interrupt is taken changed (a line, PSTATE.DAIF, the EL,
     * HCR_EL2 or SCR_EL3 routing): check before the next instruction.
     */
    public void interruptsChanged() {
        attention = true;
        waitHandler.interruptInputsChanged(this);
    }

    /** The decoded instruction at virtual address {@code pc}, through the fetch TLB and the decode cache. */
    public Op fetch(long pc) {
        long vpn = pc >>> Page.SHIFT;
        int i = (int) vpn & TLB_MASK;
        if (fetchTag[i] == vpn && (pc & 3) == 0) {
            Op op = fetchOps[i][((int) pc & Page.MASK) >>> 2];
            if (op != null) {
                return op;
            }
        }
        return fetchSlow(pc);
    }

    private Op fetchSlow(long pc) {
        if ((pc & 3) != 0) {
            ArchitecturalException e = raise(ExceptionClass.PC_ALIGNMENT, 0, pc);
            e.far = pc;
            e.farValid = true;
            throw e;
        }
        long vpn = pc >>> Page.SHIFT;
        int i = (int) vpn & TLB_MASK;
        Page page;
        if (fetchTag[i] == vpn) {
            page = fetchPage[i];
        } else {
            long pa = translator.translate(this, pc, AccessType.FETCH, pc);
            page = memory.page(pa);
            if (page == null) {
                throw externalAbort(pc, pc, AccessType.FETCH);
            }
            fetchTag[i] = vpn;
            fetchPage[i] = page;
            fetchOps[i] = page.decodedOps();
        }
        int off = (int) pc & Page.MASK;
        int word = (int) LE32.get(page.data, off);
        Op op = decoder.decode(word);
        page.decodedOps()[off >>> 2] = op;
        return op;
    }

    /** The raw instruction word at {@code pc} (for traces and reports); -1 if it cannot be read. */
    public int peekInstruction(long pc) {
        try {
            long pa = translator.translate(this, pc, AccessType.FETCH, pc);
            Page p = memory.page(pa);
            return p == null ? -1 : (int) LE32.get(p.data, (int) pa & Page.MASK);
        } catch (ArchitecturalException e) {
            return -1;
        }
    }

    // ---------------------------------------------------------------------------------------
    // Flags and conditions
    // ---------------------------------------------------------------------------------------

    /** {@code ConditionHolds(cond)} (ARM ARM J1.3). */
    public boolean conditionHolds(int cond) {
        boolean r = switch (cond >>> 1) {
            case 0 -> z;
            case 1 -> c;
            case 2 -> n;
            case 3 -> v;
            case 4 -> c && !z;
            case 5 -> n == v;
            case 6 -> n == v && !z;
            default -> true;
        };
        return ((cond & 1) != 0 && cond != 0xF) != r;
    }

    /** NZCV packed as in the NZCV register, bits 31:28. */
    public int nzcv() {
        return (n ? 8 : 0) << 28 | (z ? 4 : 0) << 28 | (c ? 2 : 0) << 28 | (v ? 1 : 0) << 28;
    }

    public void setNzcv(int flags4) {
        n = (flags4 & 8) != 0;
        z = (flags4 & 4) != 0;
        c = (flags4 & 2) != 0;
        v = (flags4 & 1) != 0;
    }

    // ---------------------------------------------------------------------------------------
    // Memory access through the software TLB
    // ---------------------------------------------------------------------------------------

    /** SCTLR_ELx.A of the current regime; see {@link #alignmentChecked}. */
    private boolean strictAlignment;
    /** SCTLR_ELx.SA (SA0 at EL0) of the current EL; see {@link #spAlignmentChecked()}. */
    private boolean spAlignmentChecked;

    /** Invalidates every cached translation of every EL (TLBI, context changes, a new translator). */
    public void flushTlb() {
        attention = true; // the dispatch loop caches the current code page
        tlbGeneration++;
        for (TlbSet t : tlbSets) {
            t.flush();
        }
        // The emptied current context is now the one of the registers' values, however they were set.
        context.ttbr0 = sysregs.ttbr0El1;
        context.ttbr1 = sysregs.ttbr1El1;
        context.vttbr = sysregs.vttbrEl2;
        context.generation = tlbGeneration;
        strictAlignment = alignmentChecked(el);
        spAlignmentChecked = (sctlrOf(el) & (el == 0 ? SCTLR_SA0 : SCTLR_SA)) != 0;
        if (timingHook != null) {
            timingHook.translationsFlushed(this);
        }
    }

    /**
     * TTBR0_EL1, TTBR1_EL1 or VTTBR_EL2 was written: makes the EL1&0 context of the new values
     * current, reusing its cached translations if it was seen since the last invalidation.
     */
    public void translationContextChanged() {
        long t0 = sysregs.ttbr0El1;
        long t1 = sysregs.ttbr1El1;
        long vt = sysregs.vttbrEl2;
        TranslationContext c = null;
        for (TranslationContext k : contexts) {
            if (k.ttbr0 == t0 && k.ttbr1 == t1 && k.vttbr == vt && k.generation >= 0) {
                c = k;
                break;
            }
        }
        if (c == null) {
            c = contexts[nextContextVictim];
            nextContextVictim = (nextContextVictim + 1) % CONTEXTS;
            c.ttbr0 = t0;
            c.ttbr1 = t1;
            c.vttbr = vt;
            c.generation = -1;
        }
        if (c.generation != tlbGeneration) {
            c.el0.flush();
            c.el1.flush();
            c.generation = tlbGeneration;
        }
        context = c;
        tlbSets[0] = c.el0;
        tlbSets[1] = c.el1;
        switchTlb(el);
        if (timingHook != null) {
            timingHook.translationsFlushed(this); // the model's TLBs carry no ASID tags
        }
    }

    /** Makes {@code el}'s software TLB current (called when PSTATE.EL changes). */
    public void switchTlb(int el) {
        attention = true; // the dispatch loop caches the current code page
        TlbSet t = tlbSets[el];
        currentSet = t;
        fetchTag = t.fetchTag;
        fetchOps = t.fetchOps;
        fetchPage = t.fetchPage;
        // With a timing hook every data access takes the slow path, which reports it.
        readTag = timingHook == null ? t.readTag : NO_TAGS;
        readPage = t.readPage;
        writeTag = timingHook == null ? t.writeTag : NO_TAGS;
        writePage = t.writePage;
        strictAlignment = alignmentChecked(el);
        spAlignmentChecked = (sctlrOf(el) & (el == 0 ? SCTLR_SA0 : SCTLR_SA)) != 0;
    }

    /**
     * SCTLR_ELx.A of {@code S1TranslationRegime(el)}: EL1's for EL0 (ARMv8.0 has no E2H, so even
     * under HCR_EL2.TGE). While it is set, loads and stores keep to the slow path, where
     * {@code AArch64.CheckAlignment} is applied, and the software TLB caches no data pages: the
     * fast path stays free of the check.
     */
    private boolean alignmentChecked(int el) {
        return (sctlrOf(el) & SCTLR_A) != 0;
    }

    private long sctlrOf(int el) {
        return switch (el) {
            case 3 -> sysregs.sctlrEl3;
            case 2 -> sysregs.sctlrEl2;
            default -> sysregs.sctlrEl1;
        };
    }

    /**
     * {@code CheckSPAlignment}'s enable: SCTLR_EL1.SA0 at EL0, SCTLR_ELx.SA above. Read by the
     * checking wrapper the decoder puts around loads and stores whose base is SP.
     */
    public boolean spAlignmentChecked() {
        return spAlignmentChecked;
    }

    /** Raises the alignment fault of {@code AArch64.CheckAlignment} when {@code va} is not size-aligned. */
    private void checkAlignment(long va, int size, boolean write) {
        if ((va & (size - 1)) != 0) {
            int ec = el == 0 ? ExceptionClass.DATA_ABORT_LOWER : ExceptionClass.DATA_ABORT_SAME;
            ArchitecturalException e = raise(ec, DFSC_ALIGNMENT | (write ? ISS_WNR : 0), pc);
            e.far = va;
            e.farValid = true;
            throw e;
        }
    }

    public int read8(long va) {
        long vpn = va >>> Page.SHIFT;
        int i = (int) vpn & TLB_MASK;
        if (readTag[i] == vpn) {
            return readPage[i].data[(int) va & Page.MASK] & 0xFF;
        }
        return (int) readSlow(va, 1);
    }

    public int read16(long va) {
        long vpn = va >>> Page.SHIFT;
        int i = (int) vpn & TLB_MASK;
        int off = (int) va & Page.MASK;
        if (readTag[i] == vpn && off <= Page.SIZE - 2) {
            return (short) LE16.get(readPage[i].data, off) & 0xFFFF;
        }
        return (int) readSlow(va, 2);
    }

    public int read32(long va) {
        long vpn = va >>> Page.SHIFT;
        int i = (int) vpn & TLB_MASK;
        int off = (int) va & Page.MASK;
        if (readTag[i] == vpn && off <= Page.SIZE - 4) {
            return (int) LE32.get(readPage[i].data, off);
        }
        return (int) readSlow(va, 4);
    }

    public long read64(long va) {
        long vpn = va >>> Page.SHIFT;
        int i = (int) vpn & TLB_MASK;
        int off = (int) va & Page.MASK;
        if (readTag[i] == vpn && off <= Page.SIZE - 8) {
            return (long) LE64.get(readPage[i].data, off);
        }
        return readSlow(va, 8);
    }

    public void write8(long va, int value) {
        long vpn = va >>> Page.SHIFT;
        int i = (int) vpn & TLB_MASK;
        if (writeTag[i] == vpn) {
            Page p = writePage[i];
            int off = (int) va & Page.MASK;
            p.data[off] = (byte) value;
            if (p.decoded != null) {
                p.invalidate(off, 1);
            }
            return;
        }
        writeSlow(va, value, 1);
    }

    public void write16(long va, int value) {
        long vpn = va >>> Page.SHIFT;
        int i = (int) vpn & TLB_MASK;
        int off = (int) va & Page.MASK;
        if (writeTag[i] == vpn && off <= Page.SIZE - 2) {
            Page p = writePage[i];
            LE16.set(p.data, off, (short) value);
            if (p.decoded != null) {
                p.invalidate(off, 2);
            }
            return;
        }
        writeSlow(va, value, 2);
    }

    public void write32(long va, int value) {
        long vpn = va >>> Page.SHIFT;
        int i = (int) vpn & TLB_MASK;
        int off = (int) va & Page.MASK;
        if (writeTag[i] == vpn && off <= Page.SIZE - 4) {
            Page p = writePage[i];
            LE32.set(p.data, off, value);
            if (p.decoded != null) {
                p.invalidate(off, 4);
            }
            return;
        }
        writeSlow(va, value, 4);
    }

    public void write64(long va, long value) {
        long vpn = va >>> Page.SHIFT;
        int i = (int) vpn & TLB_MASK;
        int off = (int) va & Page.MASK;
        if (writeTag[i] == vpn && off <= Page.SIZE - 8) {
            Page p = writePage[i];
            LE64.set(p.data, off, value);
            if (p.decoded != null) {
                p.invalidate(off, 8);
            }
            return;
        }
        writeSlow(va, value, 8);
    }

    /** Reads {@code size} bytes (1, 2, 4 or 8) at {@code va}, little-endian, zero-extended. */
    public long read(long va, int size) {
        return switch (size) {
            case 1 -> read8(va);
            case 2 -> read16(va);
            case 4 -> read32(va) & 0xFFFFFFFFL;
            default -> read64(va);
        };
    }

    /** Writes the low {@code size} bytes (1, 2, 4 or 8) of {@code value} at {@code va}. */
    public void write(long va, long value, int size) {
        switch (size) {
            case 1 -> write8(va, (int) value);
            case 2 -> write16(va, (int) value);
            case 4 -> write32(va, (int) value);
            default -> write64(va, value);
        }
    }

    /**
     * LDTR and friends: at EL1 the access is made as from EL0 (EL0's permissions, its software TLB),
     * and a fault is still one of EL1 (EC "from the same EL"); elsewhere a plain load (ARMv8.0).
     */
    public long readUnprivileged(long va, int size) {
        if (el != 1) {
            return read(va, size);
        }
        asEl0();
        try {
            return read(va, size);
        } catch (ArchitecturalException e) {
            throw sameElAbort(e);
        } finally {
            backToEl1();
        }
    }

    /** STTR and friends; see {@link #readUnprivileged}. */
    public void writeUnprivileged(long va, long value, int size) {
        if (el != 1) {
            write(va, value, size);
            return;
        }
        asEl0();
        try {
            write(va, value, size);
        } catch (ArchitecturalException e) {
            throw sameElAbort(e);
        } finally {
            backToEl1();
        }
    }

    private void asEl0() {
        el = 0;
        switchTlb(0);
    }

    private void backToEl1() {
        el = 1;
        switchTlb(1);
    }

    /** The abort an access made as EL0 raised is taken from EL1: EC 0x25, not 0x24. */
    private static ArchitecturalException sameElAbort(ArchitecturalException e) {
        if (e.ec == ExceptionClass.DATA_ABORT_LOWER) {
            e.ec = ExceptionClass.DATA_ABORT_SAME;
        }
        return e;
    }

    private long readSlow(long va, int size) {
        if (strictAlignment) {
            checkAlignment(va, size, false);
        }
        long vpn = va >>> Page.SHIFT;
        if (((va + size - 1) >>> Page.SHIFT) != vpn) {
            long r = 0;
            for (int b = 0; b < size; b++) {
                r |= (long) read8(va + b) << (8 * b);
            }
            return r;
        }
        Page p = readPageFor(va);
        if (watchpoints != null) {
            watchpoints.access(this, va, size, AccessType.READ);
        }
        if (timingHook != null) {
            timingHook.dataAccess(this, va, p == null ? lastDevicePa : p.physicalAddress | (va & Page.MASK), size,
                    false, p == null);
        }
        if (p == null) {
            return deviceRead(va, size);
        }
        int off = (int) va & Page.MASK;
        return switch (size) {
            case 1 -> p.data[off] & 0xFF;
            case 2 -> (short) LE16.get(p.data, off) & 0xFFFF;
            case 4 -> (int) LE32.get(p.data, off);
            default -> (long) LE64.get(p.data, off);
        };
    }

    private Page readPageFor(long va) {
        long vpn = va >>> Page.SHIFT;
        int i = (int) vpn & TLB_MASK;
        long[] readTag = currentSet.readTag;
        if (readTag[i] == vpn) {
            return readPage[i];
        }
        long pa = translator.translate(this, va, AccessType.READ, pc);
        Page p = memory.page(pa);
        if (p == null) {
            lastDevicePa = pa;
            return null;
        }
        if (!strictAlignment && (watchpoints == null || !watchpoints.watchesPage(vpn))) {
            readTag[i] = vpn;
            readPage[i] = p;
        }
        return p;
    }

    /**
     * An access to a physical address that is not RAM: a device if one is mapped there, else a
     * synchronous external abort. Device accesses are never cached in the software TLB.
     */
    private long deviceRead(long va, int size) {
        PhysicalMemory.DeviceRegion d = memory.device(lastDevicePa);
        if (d == null) {
            throw externalAbort(va, pc, AccessType.READ);
        }
        try {
            return d.device().read(index, lastDevicePa - d.base(), size);
        } catch (BusErrorException e) {
            throw externalAbort(va, pc, AccessType.READ);
        }
    }

    private void deviceWrite(long va, long value, int size) {
        PhysicalMemory.DeviceRegion d = memory.device(lastDevicePa);
        if (d == null) {
            throw externalAbort(va, pc, AccessType.WRITE);
        }
        try {
            d.device().write(index, lastDevicePa - d.base(), value, size);
        } catch (BusErrorException e) {
            throw externalAbort(va, pc, AccessType.WRITE);
        }
    }

    private void writeSlow(long va, long value, int size) {
        if (strictAlignment) {
            checkAlignment(va, size, true);
        }
        long vpn = va >>> Page.SHIFT;
        if (((va + size - 1) >>> Page.SHIFT) != vpn) {
            // Translate both pages before writing anything, so a fault leaves memory unchanged.
            writePageFor(va);
            writePageFor(va + size - 1);
            for (int b = 0; b < size; b++) {
                write8(va + b, (int) (value >>> (8 * b)));
            }
            return;
        }
        Page p = writePageFor(va);
        if (watchpoints != null) {
            watchpoints.access(this, va, size, AccessType.WRITE);
        }
        if (timingHook != null) {
            timingHook.dataAccess(this, va, p == null ? lastDevicePa : p.physicalAddress | (va & Page.MASK), size,
                    true, p == null);
        }
        if (p == null) {
            deviceWrite(va, value, size);
            return;
        }
        int off = (int) va & Page.MASK;
        switch (size) {
            case 1 -> p.data[off] = (byte) value;
            case 2 -> LE16.set(p.data, off, (short) value);
            case 4 -> LE32.set(p.data, off, (int) value);
            default -> LE64.set(p.data, off, value);
        }
        if (p.decoded != null) {
            p.invalidate(off, size);
        }
    }

    private Page writePageFor(long va) {
        long vpn = va >>> Page.SHIFT;
        int i = (int) vpn & TLB_MASK;
        long[] writeTag = currentSet.writeTag;
        if (writeTag[i] == vpn) {
            return writePage[i];
        }
        long pa = translator.translate(this, va, AccessType.WRITE, pc);
        Page p = memory.page(pa);
        if (p == null) {
            lastDevicePa = pa;
            return null;
        }
        if (!strictAlignment && (watchpoints == null || !watchpoints.watchesPage(vpn))) {
            writeTag[i] = vpn;
            writePage[i] = p;
        }
        return p;
    }

    // ---------------------------------------------------------------------------------------
    // Raising exceptions
    // ---------------------------------------------------------------------------------------

    /** Fills the CPU's exception with a syndrome; the caller throws it. */
    public ArchitecturalException raise(int ec, int iss, long preferredReturn) {
        ArchitecturalException e = exception.set(ec, iss, preferredReturn);
        e.encoding = 0;
        return e;
    }

    /** UNDEFINED at {@code pc}: EC=0 (unknown reason), IL=1. */
    public ArchitecturalException undefined(long pc) {
        return raise(ExceptionClass.UNKNOWN, 0, pc);
    }

    /** A synchronous external abort on a physical address that is neither RAM nor a device. */
    public ArchitecturalException externalAbort(long va, long pc, AccessType type) {
        boolean fetch = type == AccessType.FETCH;
        int ec = fetch ? (el == 0 ? ExceptionClass.INSN_ABORT_LOWER : ExceptionClass.INSN_ABORT_SAME)
                : (el == 0 ? ExceptionClass.DATA_ABORT_LOWER : ExceptionClass.DATA_ABORT_SAME);
        int iss = 0x10 | (type == AccessType.WRITE ? 1 << 6 : 0); // DFSC/IFSC = synchronous external abort
        ArchitecturalException e = raise(ec, iss, pc);
        e.far = va;
        e.farValid = true;
        return e;
    }

    /** The exception object, for handlers that need to inspect the last raised syndrome. */
    public ArchitecturalException pendingException() {
        return exception;
    }
}
