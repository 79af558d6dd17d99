package dev.hvlab.core.trace;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What to trace and how much: the kinds, the ELs ({@code elMask} bit n = ELn), the PC range
 * {@code [pcStart, pcEnd)} (unsigned), and the limit ({@code limit} bytes, or lines when
 * {@code limitInLines}; 0 = none).
 */
public record TraceOptions(Set<TraceKind> kinds, int elMask, long pcStart, long pcEnd, long limit, boolean limitInLines) {
    /** The default bound: 1 GiB, so a forgotten {@code --trace insn} does not fill the disk. */
    public static final long DEFAULT_LIMIT = 1L << 30;
    public static final int ALL_ELS = 0xF;

    public TraceOptions {
        kinds = Set.copyOf(kinds.isEmpty() ? EnumSet.noneOf(TraceKind.class) : EnumSet.copyOf(kinds));
    }

    public static TraceOptions of(Set<TraceKind> kinds) {
        return new TraceOptions(kinds, ALL_ELS, 0, -1L, DEFAULT_LIMIT, false);
    }

    public boolean has(TraceKind k) {
        return kinds.contains(k);
    }

    public TraceOptions withEls(int mask) {
        return new TraceOptions(kinds, mask, pcStart, pcEnd, limit, limitInLines);
    }

    public TraceOptions withRange(long start, long end) {
        return new TraceOptions(kinds, elMask, start, end, limit, limitInLines);
    }

    public TraceOptions withLimit(long n, boolean lines) {
        return new TraceOptions(kinds, elMask, pcStart, pcEnd, n, lines);
    }

    /** {@code "1"} or {@code "1,2"}: the ELs as a mask. */
    public static int parseEls(String text) {
        int mask = 0;
        for (String w : text.split(",")) {
            String t = w.trim();
            if (!t.matches("[0-3]")) {
                throw new IllegalArgumentException("'" + t + "' is not an exception level (0-3)");
            }
            mask |= 1 << Integer.parseInt(t);
        }
        return mask;
    }

    /**
     * {@code START-END} (END exclusive) or {@code START+LENGTH}, hex with 0x or decimal: the PC
     * range as {start, end}.
     */
    public static long[] parseRange(String text) {
        int dash = text.indexOf('-');
        int plus = text.indexOf('+');
        int sep = dash > 0 ? dash : plus;
        if (sep <= 0) {
            throw new IllegalArgumentException("'" + text + "': expected START-END or START+LENGTH");
        }
        long start = number(text.substring(0, sep));
        long second = number(text.substring(sep + 1));
        long end = sep == plus ? start + second : second;
        if (Long.compareUnsigned(end, start) <= 0) {
            throw new IllegalArgumentException("'" + text + "': the range is empty");
        }
        return new long[] {start, end};
    }

    /**
     * {@code 0} (no limit), bytes with an optional k/M/G suffix (powers of 1024), or lines with the
     * suffix {@code lines}: {limit, 1 if in lines}.
     */
    public static long[] parseLimit(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace("_", "");
        try {
            if (t.endsWith("lines")) {
                return new long[] {Long.parseLong(t.substring(0, t.length() - 5).trim()), 1};
            }
            long unit = 1;
            char last = t.isEmpty() ? ' ' : t.charAt(t.length() - 1);
            switch (last) {
                case 'k' -> unit = 1L << 10;
                case 'm' -> unit = 1L << 20;
                case 'g' -> unit = 1L << 30;
                default -> { }
            }
            long n = Long.parseLong(unit == 1 ? t : t.substring(0, t.length() - 1));
            if (n < 0) {
                throw new NumberFormatException();
            }
            return new long[] {Math.multiplyExact(n, unit), 0};
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "': expected bytes (e.g. 64M, 0 for none) or lines (e.g. 100000lines)");
        }
    }

    private static long number(String s) {
        String t = s.trim().replace("_", "");
        try {
            return t.startsWith("0x") || t.startsWith("0X") ? Long.parseUnsignedLong(t.substring(2), 16) : Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s.trim() + "' is not an address");
        }
    }
}
