package dev.hvlab.core.gdb;

import dev.hvlab.core.cpu.ArchitecturalException;
import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.ExceptionClass;
import dev.hvlab.core.isa.A64;
import dev.hvlab.core.loader.ElfFile;
import dev.hvlab.core.loader.ElfFormatException;
import dev.hvlab.core.mem.PhysicalMemory;
import dev.hvlab.core.sysreg.Pstate;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A one-CPU target for trying the GDB stub before the machine exists: loads a bare-metal AArch64
 * ELF into RAM, starts it at its entry at EL1 with the MMU off, and serves gdb. {@code SVC #0}
 * ends the program with status x0; any other exception ends it too (there are no vectors).
 *
 * <pre>java -cp emulator-core/target/classes dev.hvlab.core.gdb.BareMetalGdbServer PROGRAM.elf [PORT [RAMBASE RAMSIZE]]</pre>
 */
public final class BareMetalGdbServer {
    private final Cpu cpu;
    private final SingleCpuTarget target;
    private int exitCode;
    private String fault;

    public BareMetalGdbServer(Path elf, long ramBase, long ramSize) throws IOException, ElfFormatException {
        PhysicalMemory memory = new PhysicalMemory();
        memory.addRam(ramBase, ramSize);
        ElfFile f = ElfFile.read(elf);
        for (ElfFile.Segment s : f.segments()) {
            if (s.isLoad() && s.fileSize() > 0) {
                byte[] b = f.contents(s);
                memory.write(s.paddr(), b, 0, b.length);
            }
        }
        cpu = new Cpu(0, memory, A64.decoder());
        Pstate.select(cpu, 1, 1);
        cpu.pc = f.entry();
        cpu.setExceptionHandler(this::takeException);
        target = new SingleCpuTarget(cpu, () -> exitCode);
    }

    private long takeException(Cpu c, ArchitecturalException e) {
        if (e.ec == ExceptionClass.SVC64) {
            exitCode = (int) c.x[0];
        } else {
            exitCode = 128;
            fault = e.getMessage() + String.format(" at pc 0x%x", c.pc);
        }
        c.requestStop();
        return c.pc;
    }

    public Cpu cpu() {
        return cpu;
    }

    public SingleCpuTarget target() {
        return target;
    }

    /** The exit status once the program ended (SVC #0's x0, 128 for a fault). */
    public int exitCode() {
        return exitCode;
    }

    /** The unexpected exception that ended the program, or null. */
    public String fault() {
        return fault;
    }

    /** Runs the program to its end without a debugger (what a detach leads to). */
    public void runToEnd() {
        while (!target.ended()) {
            target.resume(-1, true, new StopConditions());
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: BareMetalGdbServer PROGRAM.elf [PORT [RAMBASE RAMSIZE]]");
            System.exit(2);
        }
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 1234;
        long base = args.length > 3 ? Long.decode(args[2]) : 0x40000000L;
        long size = args.length > 3 ? Long.decode(args[3]) : 64L << 20;
        BareMetalGdbServer s = new BareMetalGdbServer(Path.of(args[0]), base, size);
        try (GdbStub stub = GdbStub.listen(port)) {
            System.err.println("waiting for gdb on localhost:" + stub.port());
            GdbStub.SessionEnd end = stub.serve(s.target());
            System.err.println("gdb session ended: " + end);
            if (end == GdbStub.SessionEnd.KILLED) {
                System.exit(137);
            }
        }
        s.runToEnd();
        if (s.fault() != null) {
            System.err.println("fault: " + s.fault());
        }
        System.exit(s.exitCode());
    }
}
