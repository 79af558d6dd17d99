package dev.hvlab.core.user;

import dev.hvlab.core.cpu.ArchitecturalException;
import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.ExceptionClass;
import dev.hvlab.core.cpu.ExceptionHandler;
import dev.hvlab.core.decode.Decoder;
import dev.hvlab.core.decode.Pattern;
import dev.hvlab.core.loader.ElfFile;
import dev.hvlab.core.loader.ElfFormatException;
import java.io.PrintStream;
import java.util.List;
import java.util.OptionalLong;

/**
 * One Linux process running at EL0: the program loaded into its own {@link AddressSpace}, a CPU,
 * and the kernel's side of every exception the program takes. SVC #0 is a system call; an MRS of
 * an ID register is emulated as Linux does; every other synchronous exception becomes the signal
 * Linux would send (SIGSEGV for aborts, SIGILL for UNDEFINED, SIGBUS for misalignment, SIGTRAP for
 * BRK), and since no handler is ever run, the signal's default action: the run ends with the exit
 * status a shell reports, 128 + the signal number.
 */
public final class UserProcess implements ExceptionHandler {
    private final Cpu cpu;
    private final AddressSpace as = new AddressSpace();
    private final LinuxSyscalls syscalls;
    private final FileDescriptors fds;
    private final PrintStream err;
    private final InitialStack.Layout layout;
    private final ProgramLoader.Loaded loaded;

    /**
     * Loads {@code elf} with {@code argv} (argv[0] included) and {@code env}, ready to run at its
     * entry point. {@code exePath} is what readlink("/proc/self/exe") answers.
     */
    public UserProcess(ElfFile elf, List<String> argv, UserMode.Options opts, PrintStream out, PrintStream err,
                       Decoder decoder, String exePath) throws ElfFormatException {
        this.err = err;
        this.cpu = new Cpu(0, as.memory(), decoder);
        cpu.setTranslator(as);
        as.attach(cpu);
        DeterministicRandom random = new DeterministicRandom(opts.seed());
        loaded = ProgramLoader.load(elf, as);
        layout = InitialStack.build(as, loaded, argv, opts.env(), argv.isEmpty() ? elf.name() : argv.get(0),
                random.nextBytes(16));
        fds = new FileDescriptors(opts.stdin(), out, err);
        syscalls = new LinuxSyscalls(cpu, as, new ProcessMemory(as, loaded.brk()), fds, random, err, exePath);
        // ELF start-up state (arch/arm64 start_thread): registers zero, EL0t, SP at argc.
        cpu.el = 0;
        cpu.spSel = 0;
        cpu.x[Cpu.SP] = layout.sp();
        cpu.pc = loaded.entry();
        cpu.setNzcv(opts.initialNzcv());
        cpu.setExceptionHandler(this);
    }

    public Cpu cpu() {
        return cpu;
    }

    public AddressSpace addressSpace() {
        return as;
    }

    /** The initial stack pointer (where argc is). */
    public long initialSp() {
        return layout.sp();
    }

    /** The program break at start-up. */
    public long initialBrk() {
        return loaded.brk();
    }

    /**
     * Runs until the program exits, dies of a signal or has retired {@code maxInstructions}
     * (0 = no limit), and returns the exit status.
     */
    public int run(long maxInstructions) {
        try {
            while (true) {
                long budget = maxInstructions <= 0 ? Long.MAX_VALUE / 2 : maxInstructions - cpu.instructions;
                if (budget <= 0) {
                    err.println("hvlab user: instruction limit of " + maxInstructions + " reached at pc 0x"
                            + Long.toHexString(cpu.pc));
                    return 128 + 24; // as if killed by SIGXCPU
                }
                cpu.run(budget);
            }
        } catch (GuestTermination t) {
            if (t.getMessage() != null) {
                err.println(t.getMessage());
            }
            return t.status;
        } finally {
            fds.closeAll();
        }
    }

    @Override
    public long take(Cpu c, ArchitecturalException e) {
        long pc = e.preferredReturn;
        switch (e.ec) {
            case ExceptionClass.SVC64 -> {
                // The preferred return address of SVC is the next instruction.
                syscalls.call();
                return pc;
            }
            case ExceptionClass.UNKNOWN, ExceptionClass.SYSREG -> {
                int insn = c.peekInstruction(pc);
                OptionalLong v = EmulatedIdRegisters.read(insn, c.sysregs.identity);
                if (v.isPresent()) {
                    int rt = insn & 0x1F;
                    if (rt != 31) {
                        c.x[rt] = v.getAsLong();
                    }
                    return pc + 4;
                }
                throw illegal(c, pc, insn);
            }
            case ExceptionClass.HLT, ExceptionClass.FP_ACCESS, ExceptionClass.ILLEGAL_STATE ->
                throw illegal(c, pc, c.peekInstruction(pc));
            case ExceptionClass.DATA_ABORT_LOWER, ExceptionClass.DATA_ABORT_SAME,
                 ExceptionClass.INSN_ABORT_LOWER, ExceptionClass.INSN_ABORT_SAME -> throw segv(e, pc);
            case ExceptionClass.PC_ALIGNMENT, ExceptionClass.SP_ALIGNMENT -> throw signal(Signals.SIGBUS,
                    String.format("bus error (%s alignment) at pc 0x%x",
                            e.ec == ExceptionClass.PC_ALIGNMENT ? "PC" : "SP", pc));
            case ExceptionClass.BRK64 -> throw signal(Signals.SIGTRAP,
                    String.format("trace/breakpoint trap (BRK #0x%x) at pc 0x%x", e.iss & 0xFFFF, pc));
            default -> throw signal(Signals.SIGILL, "unexpected exception " + e.getMessage());
        }
    }

    private GuestTermination illegal(Cpu c, long pc, int insn) {
        Pattern p = c.decoder().match(insn);
        return new GuestTermination(String.format("hvlab user: illegal instruction at 0x%x: 0x%08x (%s)",
                pc, insn, p == null ? "unallocated" : p.name()), 128 + Signals.SIGILL);
    }

    private GuestTermination segv(ArchitecturalException e, long pc) {
        boolean fetch = e.ec == ExceptionClass.INSN_ABORT_LOWER || e.ec == ExceptionClass.INSN_ABORT_SAME;
        boolean write = !fetch && (e.iss & (1 << 6)) != 0;
        boolean permission = (e.iss & 0x3C) == 0x0C; // DFSC/IFSC 0b0011xx: permission fault
        return signal(Signals.SIGSEGV, String.format("segmentation fault: %s of 0x%x (%s) at pc 0x%x",
                fetch ? "execution" : write ? "write" : "read", e.far,
                permission ? "permission denied" : "not mapped", pc));
    }

    private static GuestTermination signal(int sig, String what) {
        return new GuestTermination("hvlab user: " + Signals.name(sig) + ": " + what, 128 + sig);
    }
}
