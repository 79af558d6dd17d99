package dev.hvlab.bench;

import dev.hvlab.board.imx8qm.Board;
import dev.hvlab.board.imx8qm.BoardOptions;
import dev.hvlab.board.imx8qm.Boot;
import dev.hvlab.board.imx8qm.HypervisorInstall;
import dev.hvlab.core.asm.Assembler;
import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.spi.Providers;
import dev.hvlab.core.sysreg.SystemRegisters;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Host cost of one emulated trap path, in nanoseconds of host time per guest operation, on the
 * i.MX 8QM board: a guest at EL1 repeats one operation in a loop, natively ({@code none}: the
 * image's own EL2 vector only returns from HVC) or under a hypervisor model with its default
 * configuration. The difference between the two is what the model's EL2 work costs the emulator
 * (the exception entry, the handler's priced steps, the cost ledger, the return), not what it
 * costs the guest in simulated cycles (that is the workloads' and the ledger's job).
 *
 * <ul>
 *   <li>{@code hvc}: the null hypercall (SMCCC_VERSION over {@code HVC #0}; {@code HVC #0x4a48}
 *       with an unknown code under Jailhouse; PSCI_VERSION under Xvisor);
 *   <li>{@code gicd}: a read of GICD_IIDR, trapped and emulated under a model with a virtual GIC;
 *   <li>{@code mmio}: a read of the LPUART's VERID register (passed through by Jailhouse).
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TrapPathBenchmark {
    /** Guest operations per invocation. */
    public static final int OPS = 10_000;
    private static final long IMAGE = 0x8000_0000L;
    private static final long GICD_IIDR = 0x51a0_0008L;
    private static final long LPUART_VERID = 0x5a06_0000L;

    @Param({"none", "jailhouse", "kvm", "xen"})
    public String hypervisor;

    @Param({"hvc", "gicd", "mmio"})
    public String path;

    private Cpu cpu;

    @Setup
    public void setUp() {
        Board board = Board.build(Providers.board("imx8qm"), BoardOptions.of(OutputStream.nullOutputStream()));
        // Each model's null hypercall (docs/WORKLOADS.md, hv_abi): Jailhouse's own ABI, PSCI_VERSION
        // for Xvisor (which answers SMCCC calls with UNDEFINED), SMCCC_VERSION otherwise.
        long x0 = hypervisor.equals("xvisor") ? 0x8400_0000L : 0x8000_0000L;
        byte[] image = guest(hypervisor.equals("jailhouse") ? 0x4a48 : 0, x0, path).bytes();
        Boot.load(board, new Boot.Spec("trap-loop", image, IMAGE, null, null, null, null, 2));
        if (!hypervisor.equals("none")) {
            HypervisorInstall.install(board, Providers.hypervisor(hypervisor), null, OutputStream.nullOutputStream(), null);
        }
        // Run the machine (its events: a model's scheduler may start the guest's vCPU) until CPU 0
        // is in the guest loop at EL1; the invocations then drive that CPU directly.
        dev.hvlab.core.machine.Machine m = board.machine();
        cpu = m.cpu(0);
        m.setRoundHook(() -> {
            if (cpu.el == 1 && cpu.x[5] > 0) {
                m.exit(cpu, 0, "in the loop");
            }
        });
        m.setMaxTimePs(10_000_000_000L);
        m.run();
        m.setRoundHook(null);
        if (cpu.el != 1 || cpu.x[5] == 0) {
            throw new IllegalStateException(hypervisor + "/" + path + ": the guest did not reach its loop");
        }
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long trap() {
        long target = cpu.x[5] + OPS;
        for (int rounds = 0; cpu.x[5] < target; rounds++) {
            if (rounds > 1000) {
                throw new IllegalStateException(hypervisor + "/" + path + ": the guest loop stopped at pc 0x"
                        + Long.toHexString(cpu.pc) + " EL" + cpu.el + " after " + cpu.x[5] + " operations");
            }
            cpu.run(OPS);
        }
        return cpu.x[5];
    }

    /**
     * At EL2 (natively): an EL2 vector table whose lower-EL synchronous entry is ERET, HCR_EL2.RW, and
     * an exception return to EL1; at EL1 (under a model, which starts the image there) straight to
     * the loop, which counts its iterations in X5.
     */
    static Assembler guest(int hvcImmediate, long x0, String path) {
        int currentEl = key("CurrentEL");
        Assembler a = new Assembler(IMAGE);
        Assembler.Label el1 = a.newLabel();
        Assembler.Label loop = a.newLabel();
        Assembler.Label vectors = a.newLabel();
        a.mrs(0, currentEl);
        a.cmp(0, 2 << 2);
        a.bCond(Assembler.NE, el1);
        a.adr(1, vectors);
        a.msr(key("VBAR_EL2"), 1);
        a.mov(1, 1L << 31);
        a.msr(key("HCR_EL2"), 1);
        a.mov(1, 0x3c5); // EL1h, DAIF masked
        a.msr(key("SPSR_EL2"), 1);
        a.adr(1, el1);
        a.msr(key("ELR_EL2"), 1);
        a.emit("ERET");
        a.bind(el1);
        a.mov(0, x0);
        a.mov(2, GICD_IIDR);
        a.mov(3, LPUART_VERID);
        a.mov(5, 0);
        a.bind(loop);
        a.add(5, 5, 1);
        switch (path) {
            case "hvc" -> a.hvc(hvcImmediate);
            case "gicd" -> a.ldrw(1, 2, 0);
            case "mmio" -> a.ldrw(1, 3, 0);
            default -> throw new IllegalArgumentException(path);
        }
        a.b(loop);
        while ((a.here() & 0x7FF) != 0) {
            a.nop();
        }
        a.bind(vectors);
        for (int i = 0; i < 0x400 / 4; i++) {
            a.nop();
        }
        a.emit("ERET"); // lower EL, AArch64, synchronous: the HVC
        return a;
    }

    private static int key(String name) {
        return SystemRegisters.standard().byName(name).key();
    }
}
