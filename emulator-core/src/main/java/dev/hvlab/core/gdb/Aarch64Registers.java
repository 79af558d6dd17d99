package dev.hvlab.core.gdb;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.sysreg.Pstate;

/**
 * gdb's AArch64 register numbering and the target description that declares it: the features
 * {@code org.gnu.gdb.aarch64.core} (x0-x30, sp, pc as 64 bits, cpsr as 32) and
 * {@code org.gnu.gdb.aarch64.fpu} (v0-v31 as 128 bits, fpsr, fpcr as 32), in that order, which is
 * also the order of the {@code g} packet. gdb validates the names and sizes against its own
 * aarch64-core.xml and aarch64-fpu.xml.
 */
public final class Aarch64Registers {
    public static final int SP = 31;
    public static final int PC = 32;
    public static final int CPSR = 33;
    public static final int V0 = 34;
    public static final int FPSR = 66;
    public static final int FPCR = 67;
    public static final int COUNT = 68;

    private Aarch64Registers() {
    }

    /** Size in bytes of register {@code n}. */
    public static int size(int n) {
        if (n < CPSR) {
            return 8;
        }
        return n >= V0 && n < FPSR ? 16 : 4;
    }

    /** Register {@code n} as gdb's little-endian hex, or null if there is no such register. */
    public static String read(Cpu cpu, int n) {
        if (n < 0 || n >= COUNT) {
            return null;
        }
        if (n < SP) {
            return RspPackets.hexLe(cpu.x[n], 8);
        }
        return switch (n) {
            case SP -> RspPackets.hexLe(cpu.x[Cpu.SP], 8);
            case PC -> RspPackets.hexLe(cpu.pc, 8);
            case CPSR -> RspPackets.hexLe(Pstate.toSpsr(cpu), 4);
            case FPSR -> RspPackets.hexLe(cpu.fpsr, 4);
            case FPCR -> RspPackets.hexLe(cpu.fpcr, 4);
            default -> RspPackets.hexLe(cpu.vreg[2 * (n - V0)], 8) + RspPackets.hexLe(cpu.vreg[2 * (n - V0) + 1], 8);
        };
    }

    /** All registers, the {@code g} packet's reply. */
    public static String readAll(Cpu cpu) {
        StringBuilder sb = new StringBuilder();
        for (int n = 0; n < COUNT; n++) {
            sb.append(read(cpu, n));
        }
        return sb.toString();
    }

    /** Writes register {@code n} from hex at {@code off}; returns false if there is no such register. */
    public static boolean write(Cpu cpu, int n, String hex, int off) {
        if (n < 0 || n >= COUNT || hex.length() - off < 2 * size(n)) {
            return false;
        }
        long v = RspPackets.parseLe(hex, off, Math.min(8, size(n)));
        if (n < SP) {
            cpu.x[n] = v;
        } else if (n == SP) {
            cpu.x[Cpu.SP] = v;
        } else if (n == PC) {
            cpu.pc = v;
        } else if (n == CPSR) {
            writeCpsr(cpu, v);
        } else if (n == FPSR) {
            cpu.fpsr = (int) v;
        } else if (n == FPCR) {
            cpu.fpcr = (int) v;
        } else {
            cpu.vreg[2 * (n - V0)] = v;
            cpu.vreg[2 * (n - V0) + 1] = RspPackets.parseLe(hex, off + 16, 8);
        }
        return true;
    }

    /** Writes every register from a {@code G} packet's data; false if it is too short. */
    public static boolean writeAll(Cpu cpu, String hex) {
        int off = 0;
        for (int n = 0; n < COUNT; n++) {
            if (!write(cpu, n, hex, off)) {
                return false;
            }
            off += 2 * size(n);
        }
        return true;
    }

    /**
     * PSTATE from the SPSR layout gdb shows as cpsr: NZCV, DAIF, IL and EL/SPSel (moved with the
     * stack pointer banking of {@link Pstate#select}); M[4] (AArch32) is ignored.
     */
    private static void writeCpsr(Cpu cpu, long v) {
        cpu.setNzcv((int) (v >>> 28) & 0xF);
        cpu.daif = (int) v & Pstate.DAIF_MASK;
        cpu.il = (v & Pstate.SPSR_IL) != 0;
        int el = (int) (v >>> 2) & 3;
        int spSel = (int) v & 1;
        if (el != cpu.el || spSel != cpu.spSel) {
            Pstate.select(cpu, el, spSel);
        }
        cpu.interruptsChanged();
    }

    /** The target description ({@code qXfer:features:read:target.xml}). */
    public static String targetXml() {
        StringBuilder x = new StringBuilder();
        x.append("<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n<target>\n");
        x.append("<architecture>aarch64</architecture>\n");
        x.append("<feature name=\"org.gnu.gdb.aarch64.core\">\n");
        x.append("<flags id=\"cpsr_flags\" size=\"4\">\n");
        // PSTATE in the SPSR layout (ARM ARM C5.2.18 SPSR_EL1, AArch64 state)
        field(x, "SP", 0, 0);
        field(x, "EL", 2, 3);
        field(x, "nRW", 4, 4);
        field(x, "F", 6, 6);
        field(x, "I", 7, 7);
        field(x, "A", 8, 8);
        field(x, "D", 9, 9);
        field(x, "IL", 20, 20);
        field(x, "SS", 21, 21);
        field(x, "V", 28, 28);
        field(x, "C", 29, 29);
        field(x, "Z", 30, 30);
        field(x, "N", 31, 31);
        x.append("</flags>\n");
        for (int i = 0; i <= 30; i++) {
            reg(x, "x" + i, 64, null, i);
        }
        reg(x, "sp", 64, "data_ptr", SP);
        reg(x, "pc", 64, "code_ptr", PC);
        reg(x, "cpsr", 32, "cpsr_flags", CPSR);
        x.append("</feature>\n<feature name=\"org.gnu.gdb.aarch64.fpu\">\n");
        // The views of a V register gdb offers: 2 doubles/longs, 4 singles/ints, 16 bytes, 1 quad.
        vector(x, "v2d", "ieee_double", 2);
        vector(x, "v2u", "uint64", 2);
        vector(x, "v2i", "int64", 2);
        vector(x, "v4f", "ieee_single", 4);
        vector(x, "v4u", "uint32", 4);
        vector(x, "v4i", "int32", 4);
        vector(x, "v8u", "uint16", 8);
        vector(x, "v16u", "uint8", 16);
        vector(x, "v1u", "uint128", 1);
        union(x, "vnd", "f", "v2d", "u", "v2u", "s", "v2i");
        union(x, "vns", "f", "v4f", "u", "v4u", "s", "v4i");
        union(x, "vnh", "u", "v8u");
        union(x, "vnb", "u", "v16u");
        union(x, "vnq", "u", "v1u");
        union(x, "aarch64v", "d", "vnd", "s", "vns", "h", "vnh", "b", "vnb", "q", "vnq");
        for (int i = 0; i < 32; i++) {
            reg(x, "v" + i, 128, "aarch64v", V0 + i);
        }
        reg(x, "fpsr", 32, "int", FPSR);
        reg(x, "fpcr", 32, "int", FPCR);
        x.append("</feature>\n</target>\n");
        return x.toString();
    }

    private static void field(StringBuilder x, String name, int start, int end) {
        x.append("<field name=\"").append(name).append("\" start=\"").append(start)
                .append("\" end=\"").append(end).append("\"/>\n");
    }

    private static void reg(StringBuilder x, String name, int bits, String type, int regnum) {
        x.append("<reg name=\"").append(name).append("\" bitsize=\"").append(bits)
                .append("\" regnum=\"").append(regnum).append('"');
        if (type != null) {
            x.append(" type=\"").append(type).append('"');
        }
        x.append("/>\n");
    }

    private static void vector(StringBuilder x, String id, String type, int count) {
        x.append("<vector id=\"").append(id).append("\" type=\"").append(type)
                .append("\" count=\"").append(count).append("\"/>\n");
    }

    private static void union(StringBuilder x, String id, String... fields) {
        x.append("<union id=\"").append(id).append("\">\n");
        for (int i = 0; i < fields.length; i += 2) {
            x.append("<field name=\"").append(fields[i]).append("\" type=\"").append(fields[i + 1]).append("\"/>\n");
        }
        x.append("</union>\n");
    }
}
