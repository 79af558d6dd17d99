package dev.hvlab.hv.xen;

import java.util.Locale;

/** Xen's size syntax for dom0_mem and friends (parse_size_and_unit: B, K, M, G, T suffixes; K default). */
final class XenConfigs {
    private XenConfigs() {
    }

    /** Bytes of "512M", "1G", "65536" (KiB, Xen's default unit); "" is 0 (not given). */
    static long parseSize(String s) {
        if (s.isEmpty()) {
            return 0;
        }
        String t = s.trim().toUpperCase(Locale.ROOT);
        char unit = t.charAt(t.length() - 1);
        long shift;
        String digits = t.substring(0, t.length() - 1);
        switch (unit) {
            case 'B' -> shift = 0;
            case 'K' -> shift = 10;
            case 'M' -> shift = 20;
            case 'G' -> shift = 30;
            case 'T' -> shift = 40;
            default -> {
                shift = 10;
                digits = t;
            }
        }
        try {
            return Long.parseLong(digits) << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a size: '" + s + "' (use e.g. 512M or 1G)");
        }
    }
}
