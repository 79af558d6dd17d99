package dev.hvlab.core.timing;

/**
 * A branch predictor of the usual shape: a gshare table of two-bit counters for conditional
 * branches, a direct-mapped target buffer for indirect branches, and a return stack. Direct
 * unconditional branches are always predicted. It only has to be deterministic and plausible: the
 * cores' real predictors are not documented in detail.
 */
final class BranchPredictor {
    private final byte[] counters;
    private final int counterMask;
    private final int historyMask;
    private final long[] btbTag;
    private final long[] btbTarget;
    private final int btbMask;
    private final long[] returnStack;
    private int history;
    private int top;
    private int depth;
    long conditional;
    long conditionalMispredicted;
    long indirect;
    long indirectMispredicted;
    long returns;
    long returnsMispredicted;

    BranchPredictor(int counters, int historyBits, int btbEntries, int returnStackDepth) {
        int c = Integer.highestOneBit(Math.max(counters, 2));
        this.counters = new byte[c];
        java.util.Arrays.fill(this.counters, (byte) 1); // weakly not taken
        this.counterMask = c - 1;
        this.historyMask = (1 << historyBits) - 1;
        int b = Integer.highestOneBit(Math.max(btbEntries, 1));
        this.btbTag = new long[b];
        this.btbTarget = new long[b];
        java.util.Arrays.fill(btbTag, -1L);
        this.btbMask = b - 1;
        this.returnStack = new long[Math.max(returnStackDepth, 1)];
    }

    /** A conditional branch at {@code pc} resolved {@code taken}; returns true when it was mispredicted. */
    boolean conditional(long pc, boolean taken) {
        conditional++;
        int i = ((int) (pc >>> 2) ^ history) & counterMask;
        int ctr = counters[i];
        boolean predicted = ctr >= 2;
        if (taken) {
            if (ctr < 3) {
                counters[i] = (byte) (ctr + 1);
            }
        } else if (ctr > 0) {
            counters[i] = (byte) (ctr - 1);
        }
        history = ((history << 1) | (taken ? 1 : 0)) & historyMask;
        if (predicted != taken) {
            conditionalMispredicted++;
            return true;
        }
        return false;
    }

    /** An indirect branch (BR, BLR) at {@code pc} went to {@code target}; true when mispredicted. */
    boolean indirect(long pc, long target) {
        indirect++;
        int i = (int) (pc >>> 2) & btbMask;
        boolean hit = btbTag[i] == pc && btbTarget[i] == target;
        btbTag[i] = pc;
        btbTarget[i] = target;
        if (!hit) {
            indirectMispredicted++;
        }
        return !hit;
    }

    /** A call: its return address goes on the return stack (the oldest entry is lost when full). */
    void call(long returnAddress) {
        returnStack[top] = returnAddress;
        top = top + 1 == returnStack.length ? 0 : top + 1; // no division on the call path
        depth = Math.min(depth + 1, returnStack.length);
    }

    /** A return to {@code target}; true when the return stack predicted another address. */
    boolean ret(long target) {
        returns++;
        boolean hit = false;
        if (depth > 0) {
            top = (top == 0 ? returnStack.length : top) - 1;
            depth--;
            hit = returnStack[top] == target;
        }
        if (!hit) {
            returnsMispredicted++;
        }
        return !hit;
    }

    long mispredicted() {
        return conditionalMispredicted + indirectMispredicted + returnsMispredicted;
    }
}
