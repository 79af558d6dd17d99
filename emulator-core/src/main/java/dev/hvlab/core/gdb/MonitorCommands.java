package dev.hvlab.core.gdb;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.sysreg.SystemRegister;
import dev.hvlab.core.sysreg.SystemRegisters;
import java.util.Locale;

/**
 * gdb's {@code monitor} commands ({@code qRcmd}): {@code sysreg NAME}, {@code el},
 * {@code phys ADDR LEN}, {@code help}. Each returns the text to print.
 */
final class MonitorCommands {
    static final String HELP = """
            hvlab monitor commands:
              sysreg NAME     read a system register of the current CPU (e.g. sysreg SCTLR_EL1)
              el              show the current exception level and stack pointer selection
              phys ADDR LEN   dump LEN bytes of physical memory at ADDR (hex, or decimal LEN)
              help            this text
            """;

    private MonitorCommands() {
    }

    static String run(String command, Cpu cpu) {
        String[] w = command.trim().split("\\s+");
        try {
            return switch (w[0]) {
                case "sysreg" -> w.length == 2 ? sysreg(cpu, w[1].toUpperCase(Locale.ROOT)) : "usage: sysreg NAME\n";
                case "el" -> String.format("EL%d (SPSel=%d, %s) on CPU %d%n", cpu.el, cpu.spSel,
                        cpu.spSel == 0 ? "SP_EL0" : "SP_EL" + cpu.el, cpu.index());
                case "phys" -> w.length == 3 ? phys(cpu, parse(w[1]), (int) parse(w[2])) : "usage: phys ADDR LEN\n";
                case "help", "" -> HELP;
                default -> "unknown monitor command '" + w[0] + "'\n" + HELP;
            };
        } catch (NumberFormatException e) {
            return "bad number: " + e.getMessage() + "\n";
        }
    }

    private static String sysreg(Cpu cpu, String name) {
        SystemRegister r = SystemRegisters.standard().byName(name);
        if (r == null || !r.readable()) {
            return "no readable system register " + name + "\n";
        }
        if (name.startsWith("ICC_IAR") || name.startsWith("ICC_NMIAR")) {
            return name + " acknowledges an interrupt when read: not read\n"; // a read changes GIC state
        }
        return String.format("%s = 0x%016x%n", name, r.read(cpu));
    }

    private static String phys(Cpu cpu, long pa, int len) {
        if (len <= 0 || len > 1 << 16) {
            return "length must be 1..65536\n";
        }
        byte[] b = DebugMemory.readPhysical(cpu.memory(), pa, len);
        if (b.length == 0) {
            return String.format("0x%x is not RAM%n", pa);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < b.length; i += 16) {
            sb.append(String.format("0x%016x:", pa + i));
            for (int k = i; k < Math.min(b.length, i + 16); k++) {
                sb.append(String.format(" %02x", b[k] & 0xFF));
            }
            sb.append('\n');
        }
        if (b.length < len) {
            sb.append(String.format("(RAM ends at 0x%x)%n", pa + b.length));
        }
        return sb.toString();
    }

    private static long parse(String s) {
        return s.startsWith("0x") || s.startsWith("0X") ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseLong(s);
    }
}
