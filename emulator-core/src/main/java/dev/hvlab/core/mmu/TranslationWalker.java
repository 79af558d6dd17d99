package dev.hvlab.core.mmu;

import dev.hvlab.core.cpu.AccessType;
import dev.hvlab.core.mem.Page;
import dev.hvlab.core.mem.PhysicalMemory;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Translation table walks for stage 1 and stage 2 (ARM ARM D5.2, {@code AArch64.TranslationTableWalk},
 * {@code AArch64.FirstStageTranslate}, {@code AArch64.SecondStageTranslate}, {@code AArch64.CheckPermission},
 * {@code AArch64.CheckS2Permission}) with ARMv8.0 semantics: no hardware Access flag or dirty state
 * management, 48-bit addresses, the three granules, block and page descriptors, hierarchical
 * permissions (APTable, UXNTable/PXNTable), concatenated stage 2 start tables, and stage 1 walks
 * that go through stage 2.
 *
 * <p>Fault priority follows the pseudocode: walk faults (address size, translation, external abort
 * on the walk) first, then the Access flag, then permission.
 */
public final class TranslationWalker {
    private static final VarHandle LE64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long OA_MASK_48 = 0x0000_FFFF_FFFF_F000L;

    private final PhysicalMemory memory;
    /** The last walk's outcome. */
    public final TranslationResult result = new TranslationResult();
    /** Descriptor reads of the last walk, including nested stage 2 reads (for the timing model). */
    public int descriptorReads;
    /**
     * When set, a stage 1 walk that goes through stage 2 returns the intermediate physical
     * address (AT S1E0x/S1E1x with stage 2 enabled): table reads still go through stage 2.
     */
    public boolean stage1Output;
    private long descriptor;
    /**
     * Told the physical address of every descriptor read (null: nobody listens). The approximate
     * timing model sets it while it replays a walk, so that the walk's reads go through its caches.
     */
    public java.util.function.LongConsumer descriptorObserver;

    public TranslationWalker(PhysicalMemory memory) {
        this.memory = memory;
    }

    /**
     * Stage 1 translation of {@code va} in a regime, followed by stage 2 when {@code s2} is not null.
     *
     * @param el0       check EL0 permissions (an EL0 access, or LDTR/STTR at EL1)
     * @return true on success ({@link #result}{@code .pa}); false with the fault in {@link #result}
     */
    public boolean translate(Stage1Config c, Stage2Config s2, long va, AccessType type, boolean el0) {
        result.clear();
        descriptorReads = 0;
        boolean upper = c.twoRanges && ((va >>> 55) & 1) != 0;
        int tsz = upper ? c.t1sz : c.t0sz;
        Granule g = upper ? c.tg1 : c.tg0;
        boolean tbi = upper ? c.tbi1 : c.tbi0;
        boolean epd = upper ? c.epd1 : c.epd0;
        long ttbr = upper ? c.ttbr1 : c.ttbr0;
        int inputSize = 64 - clampTsz(tsz);

        // The VA must be a sign extension (upper range) or zero extension (lower range) of its inputSize bits.
        long checked = tbi ? va << 8 >> 8 : va;
        if (!rangeOk(checked, inputSize, upper)) {
            result.fault(FaultType.TRANSLATION, 0, 1);
            return false;
        }
        if (epd) {
            result.fault(FaultType.TRANSLATION, 0, 1);
            return false;
        }

        int level = g.startLevel(inputSize);
        long tableBase = ttbr & OA_MASK_48 & ~((1L << Math.max(3, firstTableBits(g, inputSize, level) + 3)) - 1);
        if (outOfRange(ttbr & 0x0000_FFFF_FFFF_FFFEL, c.outputBits)) {
            result.fault(FaultType.ADDRESS_SIZE, 0, 1);
            return false;
        }
        boolean apTableNoEl0 = false;
        boolean apTableReadOnly = false;
        boolean xnTable = false;
        boolean pxnTable = false;
        long desc;
        boolean first = true;
        while (true) {
            int indexLsb = g.bits + (3 - level) * g.stride;
            int indexBits = first ? inputSize - indexLsb : g.stride;
            first = false;
            long index = (va >>> indexLsb) & ((1L << indexBits) - 1);
            long descAddress = tableBase + index * 8;
            if (s2 != null) {
                if (!stage2(s2, descAddress, AccessType.READ, true)) {
                    return false;
                }
                descAddress = result.pa;
            }
            if (!readDescriptor(descAddress)) {
                result.fault(FaultType.WALK_EXTERNAL_ABORT, level, 1);
                return false;
            }
            desc = descriptor;
            if ((desc & 1) == 0) {
                result.fault(FaultType.TRANSLATION, level, 1);
                return false;
            }
            boolean table = (desc & 2) != 0;
            if (level == 3) {
                if (!table) { // 0b01 at level 3 is reserved
                    result.fault(FaultType.TRANSLATION, level, 1);
                    return false;
                }
                break;
            }
            if (!table) {
                if (!g.blockAllowed(level)) {
                    result.fault(FaultType.TRANSLATION, level, 1);
                    return false;
                }
                break;
            }
            long next = desc & OA_MASK_48 & ~((1L << g.bits) - 1);
            if (outOfRange(desc & 0x0000_FFFF_FFFF_F000L, c.outputBits)) {
                result.fault(FaultType.ADDRESS_SIZE, level, 1);
                return false;
            }
            if (c.twoRanges) {
                pxnTable |= ((desc >>> 59) & 1) != 0;
                xnTable |= ((desc >>> 60) & 1) != 0; // UXNTable
                apTableNoEl0 |= ((desc >>> 61) & 1) != 0;
            } else {
                xnTable |= ((desc >>> 60) & 1) != 0; // XNTable
            }
            apTableReadOnly |= ((desc >>> 62) & 1) != 0;
            tableBase = next;
            level++;
        }

        int blockBits = g.bits + (3 - level) * g.stride;
        long oa = (desc & OA_MASK_48 & ~((1L << blockBits) - 1)) | (va & ((1L << blockBits) - 1));
        if (outOfRange(desc & OA_MASK_48 & ~((1L << blockBits) - 1), c.outputBits)) {
            result.fault(FaultType.ADDRESS_SIZE, level, 1);
            return false;
        }
        if (((desc >>> 10) & 1) == 0) {
            result.fault(FaultType.ACCESS_FLAG, level, 1);
            return false;
        }
        int ap = (int) (desc >>> 6) & 3; // AP[2:1]
        if (apTableNoEl0) {
            ap &= ~1;
        }
        if (apTableReadOnly) {
            ap |= 2;
        }
        if (!stage1Permitted(c, desc, ap, xnTable, pxnTable, type, el0)) {
            result.fault(FaultType.PERMISSION, level, 1);
            return false;
        }
        result.attrIndex = (int) (desc >>> 2) & 7;
        result.shareability = (int) (desc >>> 8) & 3;
        result.notGlobal = ((desc >>> 11) & 1) != 0;
        result.blockBits = blockBits;
        result.level = level;
        if (s2 != null && !stage1Output) {
            return stage2(s2, oa, type, false);
        }
        result.pa = oa;
        return true;
    }

    /** {@code AArch64.CheckPermission} for stage 1. */
    private static boolean stage1Permitted(Stage1Config c, long desc, int ap, boolean xnTable, boolean pxnTable,
                                           AccessType type, boolean el0) {
        boolean readOnly = (ap & 2) != 0;
        if (!c.twoRanges) {
            // EL2 and EL3 regimes: AP[1] is RES1, XN is bit 54.
            boolean xn = ((desc >>> 54) & 1) != 0 || xnTable || (c.wxn && !readOnly);
            return switch (type) {
                case READ -> true;
                case WRITE -> !readOnly;
                case FETCH -> !xn;
            };
        }
        boolean el0Access = (ap & 1) != 0;
        boolean uxn = ((desc >>> 54) & 1) != 0 || xnTable;
        boolean pxn = ((desc >>> 53) & 1) != 0 || pxnTable;
        boolean el0Writable = ap == 1;
        boolean writable = el0 ? el0Writable : !readOnly;
        switch (type) {
            case READ:
                return !el0 || el0Access;
            case WRITE:
                return writable;
            default:
                if (c.wxn && writable) {
                    return false;
                }
                if (el0) {
                    // AP[1] gates EL0 data accesses only: AP[2:1] = x0 with UXN = 0 is execute-only
                    // at EL0 (AArch64.CheckPermission: user_xn depends on UXN and WXN alone).
                    return !uxn;
                }
                // Memory writable at EL0 is never executable at EL1 (ARM ARM D5.4.5).
                return !pxn && !el0Writable;
        }
    }

    /**
     * Stage 2 translation of an intermediate physical address ({@code AArch64.SecondStageTranslate}).
     *
     * @param s1ptw the access is a stage 1 table walk's descriptor read
     */
    public boolean stage2(Stage2Config c, long ipa, AccessType type, boolean s1ptw) {
        Granule g = c.tg0;
        int inputSize = 64 - clampTsz(c.t0sz);
        int level = c.startLevel();
        if (level < 0 || (ipa >>> inputSize) != 0 || !consistentStartLevel(g, inputSize, level)) {
            // AArch64.TranslationTableWalk: no base found (IPA beyond T0SZ, bad SL0) is a level 0 fault.
            stage2Fault(FaultType.TRANSLATION, 0, ipa, s1ptw);
            return false;
        }
        if (outOfRange(c.vttbr & 0x0000_FFFF_FFFF_FFFEL, c.outputBits)) {
            stage2Fault(FaultType.ADDRESS_SIZE, 0, ipa, s1ptw);
            return false;
        }
        int startBits = inputSize - (g.bits + (3 - level) * g.stride);
        long tableBase = c.vttbr & OA_MASK_48 & ~((1L << Math.max(3, startBits + 3)) - 1);
        long desc;
        boolean first = true;
        while (true) {
            int indexLsb = g.bits + (3 - level) * g.stride;
            int indexBits = first ? startBits : g.stride;
            first = false;
            long index = (ipa >>> indexLsb) & ((1L << indexBits) - 1);
            if (!readDescriptor(tableBase + index * 8)) {
                stage2Fault(FaultType.WALK_EXTERNAL_ABORT, level, ipa, s1ptw);
                return false;
            }
            desc = descriptor;
            if ((desc & 1) == 0) {
                stage2Fault(FaultType.TRANSLATION, level, ipa, s1ptw);
                return false;
            }
            boolean table = (desc & 2) != 0;
            if (level == 3) {
                if (!table) {
                    stage2Fault(FaultType.TRANSLATION, level, ipa, s1ptw);
                    return false;
                }
                break;
            }
            if (!table) {
                if (!g.blockAllowed(level)) {
                    stage2Fault(FaultType.TRANSLATION, level, ipa, s1ptw);
                    return false;
                }
                break;
            }
            if (outOfRange(desc & 0x0000_FFFF_FFFF_F000L, c.outputBits)) {
                stage2Fault(FaultType.ADDRESS_SIZE, level, ipa, s1ptw);
                return false;
            }
            tableBase = desc & OA_MASK_48 & ~((1L << g.bits) - 1);
            level++;
        }
        int blockBits = g.bits + (3 - level) * g.stride;
        long base = desc & OA_MASK_48 & ~((1L << blockBits) - 1);
        if (outOfRange(base, c.outputBits)) {
            stage2Fault(FaultType.ADDRESS_SIZE, level, ipa, s1ptw);
            return false;
        }
        if (((desc >>> 10) & 1) == 0) {
            stage2Fault(FaultType.ACCESS_FLAG, level, ipa, s1ptw);
            return false;
        }
        int s2ap = (int) (desc >>> 6) & 3;
        boolean xn = ((desc >>> 54) & 1) != 0;
        boolean ok = switch (type) {
            case READ -> (s2ap & 1) != 0;
            case WRITE -> (s2ap & 2) != 0;
            case FETCH -> (s2ap & 1) != 0 && !xn;
        };
        if (!ok) {
            stage2Fault(FaultType.PERMISSION, level, ipa, s1ptw);
            return false;
        }
        result.pa = base | (ipa & ((1L << blockBits) - 1));
        return true;
    }

    private void stage2Fault(FaultType type, int level, long ipa, boolean s1ptw) {
        result.fault(type, level, 2);
        result.ipa = ipa;
        result.s1ptw = s1ptw;
    }

    /** Stage 2: the input size must be reachable from the start level with at most 16 concatenated tables. */
    private static boolean consistentStartLevel(Granule g, int inputSize, int level) {
        int startBits = inputSize - (g.bits + (3 - level) * g.stride);
        return startBits >= 1 && startBits <= g.stride + 4;
    }

    private static boolean rangeOk(long va, int inputSize, boolean upper) {
        long high = va >> inputSize; // arithmetic: all ones or all zeros when in range
        return upper ? high == -1L : high == 0L;
    }

    private static int firstTableBits(Granule g, int inputSize, int level) {
        return inputSize - (g.bits + (3 - level) * g.stride);
    }

    /** TxSZ outside the ARMv8.0 range is treated as its nearest valid value (IMPLEMENTATION DEFINED choice, as on Cortex-A72). */
    private static int clampTsz(int tsz) {
        return Math.max(16, Math.min(39, tsz));
    }

    private static boolean outOfRange(long address, int outputBits) {
        return outputBits < 64 && (address >>> outputBits) != 0;
    }

    /** Reads the descriptor at {@code pa} into {@link #descriptor}; false when {@code pa} is not RAM. */
    private boolean readDescriptor(long pa) {
        descriptorReads++;
        if (descriptorObserver != null) {
            descriptorObserver.accept(pa);
        }
        Page p = memory.page(pa);
        if (p == null) {
            return false;
        }
        descriptor = (long) LE64.get(p.data, (int) pa & Page.MASK);
        return true;
    }
}
