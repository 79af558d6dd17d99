package dev.hvlab.core.difftest;

/**
 * The architectural state compared before every instruction, as a {@code long[SIZE]}: X0-X30,
 * SP, PC and NZCV (the four flags in bits 3:0).
 */
public final class State {
    public static final int SP = 31;
    public static final int PC = 32;
    public static final int NZCV = 33;
    public static final int SIZE = 34;

    private State() {
    }

    public static String name(int i) {
        return switch (i) {
            case SP -> "SP";
            case PC -> "PC";
            case NZCV -> "NZCV";
            default -> "X" + i;
        };
    }

    public static String flags(long nzcv) {
        return ((nzcv & 8) != 0 ? "N" : "-") + ((nzcv & 4) != 0 ? "Z" : "-")
                + ((nzcv & 2) != 0 ? "C" : "-") + ((nzcv & 1) != 0 ? "V" : "-");
    }

    public static String format(int i, long v) {
        return i == NZCV ? flags(v) : String.format("%016x", v);
    }
}
