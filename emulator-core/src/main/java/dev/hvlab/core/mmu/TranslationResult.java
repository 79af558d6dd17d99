package dev.hvlab.core.mmu;

/** The outcome of a translation: an output address and attributes, or a fault. Reused per CPU. */
public final class TranslationResult {
    public FaultType fault = FaultType.NONE;
    /** The lookup level of the fault, or of the leaf descriptor. */
    public int level;
    /** 1 or 2: which stage faulted. */
    public int stage;
    /** A stage 2 fault on the stage 1 walk's own table access (ESR ISS.S1PTW). */
    public boolean s1ptw;
    /** For stage 2 faults: the intermediate physical address that faulted (HPFAR_EL2). */
    public long ipa;
    /** The output physical address. */
    public long pa;
    /** Stage 1 MAIR index (AttrIndx). */
    public int attrIndex;
    /** Stage 1 nG: the translation is specific to the current ASID. */
    public boolean notGlobal;
    /** Stage 1 SH[1:0] of the leaf descriptor. */
    public int shareability;
    /** log2 of the size of the block or page the translation came from. */
    public int blockBits;

    void fault(FaultType type, int level, int stage) {
        this.fault = type;
        this.level = level;
        this.stage = stage;
    }

    public boolean faulted() {
        return fault != FaultType.NONE;
    }

    void clear() {
        fault = FaultType.NONE;
        s1ptw = false;
        ipa = 0;
        level = 0;
        stage = 0;
    }
}
