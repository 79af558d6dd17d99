package dev.hvlab.core.sysreg;

import dev.hvlab.core.cpu.Cpu;

/**
 * One system instruction reached through SYS/SYSL (op0 = 1): cache maintenance (DC, IC), and later
 * address translation (AT) and TLB maintenance (TLBI). Shared and immutable like
 * {@link SystemRegister}.
 */
public final class SystemInstruction {
    /** The instruction's effect; {@code xt} is the value of the Xt operand (XZR when absent). */
    @FunctionalInterface
    public interface Action {
        void execute(Cpu cpu, long xt);
    }

    private final String name;
    private final int op1;
    private final int crn;
    private final int crm;
    private final int op2;
    private final AccessRule rule;
    private final Action action;

    public SystemInstruction(String name, int op1, int crn, int crm, int op2, AccessRule rule, Action action) {
        this.name = name;
        this.op1 = op1;
        this.crn = crn;
        this.crm = crm;
        this.op2 = op2;
        this.rule = rule;
        this.action = action;
    }

    public int key() {
        return SystemRegister.key(1, op1, crn, crm, op2);
    }

    public String name() {
        return name;
    }

    public AccessRule rule() {
        return rule;
    }

    public void execute(Cpu cpu, long xt) {
        action.execute(cpu, xt);
    }

    @Override
    public String toString() {
        return String.format("%s (SYS #%d, C%d, C%d, #%d)", name, op1, crn, crm, op2);
    }
}
