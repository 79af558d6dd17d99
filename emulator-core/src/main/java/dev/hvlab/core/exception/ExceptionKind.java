package dev.hvlab.core.exception;

/** The four exception types of AArch64 and their offsets inside a vector-table quarter (ARM ARM D1.10.2). */
public enum ExceptionKind {
    SYNC(0x000), IRQ(0x080), FIQ(0x100), SERROR(0x180);

    public final int vectorOffset;

    ExceptionKind(int vectorOffset) {
        this.vectorOffset = vectorOffset;
    }
}
