package dev.hvlab.board.imx8qm;

import dev.hvlab.core.config.BoardConfig;
import dev.hvlab.core.config.UserInputException;
import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.exception.ExceptionModel;
import dev.hvlab.core.firmware.El3Firmware;
import dev.hvlab.core.firmware.Psci;
import dev.hvlab.core.gic.Gic;
import dev.hvlab.core.machine.Machine;
import dev.hvlab.core.mem.PhysicalMemory;
import dev.hvlab.core.mmu.SystemTranslator;
import dev.hvlab.core.semihosting.Semihosting;
import dev.hvlab.core.sysreg.CoreIdentity;
import dev.hvlab.core.sysreg.SystemRegisterFile;
import dev.hvlab.core.time.Clock;
import dev.hvlab.core.timer.GenericTimer;
import dev.hvlab.core.uart.SerialPort;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A machine built from a board config: RAM, the CPUs of each cluster (core type, clock, MPIDR), the
 * GICv3 initialised as EL3 firmware leaves it, the generic timer on the GIC's PPIs, the config's
 * devices ({@link DeviceRegistry}), the EL3 firmware model (PSCI) as secure monitor, and semihosting
 * when asked. Every CPU starts powered off at EL3 with SCR_EL3 as TF-A leaves it for a Non-secure
 * EL2 (NS, RW, HCE); {@link Boot} decides what runs.
 */
public final class Board {
    /** MPIDR_EL1 bit 31 is RES1; U (30) = 0: part of a multiprocessor system. */
    private static final long MPIDR_RES1 = 1L << 31;

    private final BoardConfig config;
    private final Machine machine;
    private final Gic gic;
    private final GenericTimer timer;
    private final El3Firmware firmware;
    private final ExceptionModel exceptions;
    private final List<SerialPort> serialPorts;
    private final OutputStream serial;

    private Board(Wiring w, GenericTimer timer, El3Firmware firmware, ExceptionModel exceptions) {
        this.config = w.config;
        this.machine = w.machine;
        this.gic = w.gic;
        this.timer = timer;
        this.firmware = firmware;
        this.exceptions = exceptions;
        this.serialPorts = List.copyOf(w.serialPorts);
        this.serial = w.serial;
    }

    /** What device types see while the board is wired. */
    static final class Wiring {
        final BoardConfig config;
        final PhysicalMemory memory;
        final Machine machine;
        final List<Cpu> cpus;
        final Gic gic;
        final OutputStream serial;
        final List<SerialPort> serialPorts = new ArrayList<>();

        Wiring(BoardConfig config, PhysicalMemory memory, Machine machine, List<Cpu> cpus, Gic gic, OutputStream serial) {
            this.config = config;
            this.memory = memory;
            this.machine = machine;
            this.cpus = cpus;
            this.gic = gic;
            this.serial = serial;
        }

        /** The console (the first UART) writes to the user's serial stream; the others are discarded. */
        OutputStream serialOut(BoardConfig.Device d) {
            return serialPorts.isEmpty() ? serial : OutputStream.nullOutputStream();
        }

        void addSerialPort(BoardConfig.Device d, SerialPort port) {
            serialPorts.add(port);
        }
    }

    /** Builds the machine of {@code config}; a config the models cannot realise is a user error. */
    public static Board build(BoardConfig config, BoardOptions options) {
        int n = options.cpus() == 0 ? config.cpuCount() : options.cpus();
        if (n < 1 || n > config.cpuCount()) {
            throw new UserInputException("--cpus " + n + ": board '" + config.name() + "' has "
                    + config.cpuCount() + " CPUs");
        }
        for (BoardConfig.Device d : config.devices()) {
            DeviceRegistry.type(config, d); // unknown types fail before anything is built
        }
        PhysicalMemory memory = new PhysicalMemory();
        for (BoardConfig.Ram r : config.ram()) {
            memory.addRam(r.base(), r.size());
        }
        Machine machine = new Machine(memory, options.timing(), options.quantumPs());
        List<Cpu> cpus = new ArrayList<>();
        ExceptionModel exceptions = new ExceptionModel();
        for (int i = 0; i < n; i++) {
            BoardConfig.Cluster cl = DeviceTree.clusterOf(config, i);
            Cpu cpu = machine.addCpu(new Clock(cl.frequencyHz()), cl.coreType());
            SystemRegisterFile s = cpu.sysregs;
            s.setIdentity(identity(cl.coreType()));
            s.setMpidr(MPIDR_RES1 | DeviceTree.affinity(config, i));
            // What TF-A's el3_arch_init/cm_prepare_el3_exit leave for a Non-secure AArch64 EL2.
            s.scrEl3 = SystemRegisterFile.SCR_EL3_RES1 | SystemRegisterFile.SCR_NS | SystemRegisterFile.SCR_RW
                    | SystemRegisterFile.SCR_HCE;
            cpu.el = 3;
            cpu.spSel = 1;
            cpu.daif = 0xF << 6;
            cpu.setExceptionHandler(exceptions);
            cpu.setTranslator(new SystemTranslator(memory));
            cpus.add(cpu);
        }
        Gic gic = null;
        if (DeviceRegistry.firstOfType(config, DeviceRegistry.GICV3_DISTRIBUTOR) != null) {
            gic = new Gic(cpus, spiCount(config));
        }
        GenericTimer timer = new GenericTimer(machine.queue(), config.counterFrequencyHz(), machine,
                gic == null ? dev.hvlab.core.irq.PpiSink.NONE : gic::setPpiLevel);
        for (Cpu cpu : cpus) {
            timer.attach(cpu);
        }
        Wiring w = new Wiring(config, memory, machine, cpus, gic, options.serial());
        for (BoardConfig.Device d : config.devices()) {
            DeviceRegistry.type(config, d).wire(w, d);
        }
        if (gic != null) {
            gic.initializeAsFirmware();
        }
        El3Firmware firmware = new El3Firmware(cpus.toArray(new Cpu[0]), memory, machine, 0, El3Firmware.SMCCC_1_1);
        // An image that installed its own EL3 vector table is the EL3 software: its SMCs reach
        // VBAR_EL3 as on silicon. PSCI calls stay with the model (QEMU's virt does the same for an
        // ELF started at EL3), so such an image can still power CPUs on and off.
        exceptions.setSecureMonitor(cpu -> (cpu.sysregs.vbar[3] == 0 || Psci.isPsci((int) cpu.x[0]))
                && firmware.handleSmc(cpu));
        machine.setFirmware(firmware);
        if (options.semihosting()) {
            Semihosting sh = new Semihosting(options.semihostingOut(), machine,
                    (cpu, status) -> machine.exit(cpu, status, "semihosting exit " + status));
            sh.setEnabled(true);
            exceptions.setSemihosting(sh::handle);
        }
        return new Board(w, timer, firmware, exceptions);
    }

    private static CoreIdentity identity(String coreType) {
        return switch (coreType) {
            case "cortex-a53" -> CoreIdentity.CORTEX_A53;
            case "cortex-a72" -> CoreIdentity.CORTEX_A72;
            default -> throw new UserInputException("core type '" + coreType + "' has no model");
        };
    }

    /** Enough SPIs for every device interrupt, a multiple of 32 (GICD_TYPER.ITLinesNumber). */
    static int spiCount(BoardConfig config) {
        int max = 31;
        for (BoardConfig.Device d : config.devices()) {
            for (int irq : d.irqs()) {
                max = Math.max(max, irq);
            }
        }
        int spis = max - 31;
        return Math.max(32, (spis + 31) / 32 * 32);
    }

    public BoardConfig config() {
        return config;
    }

    public Machine machine() {
        return machine;
    }

    public Gic gic() {
        return gic;
    }

    public GenericTimer timer() {
        return timer;
    }

    public El3Firmware firmware() {
        return firmware;
    }

    public ExceptionModel exceptions() {
        return exceptions;
    }

    /**
     * The user's serial stream (BoardOptions.serial), where the console UART writes: a hypervisor
     * model's emulated console for its guest writes there too.
     */
    public OutputStream serialOutput() {
        return serial;
    }

    /** The UARTs, the console first. */
    public List<SerialPort> serialPorts() {
        return serialPorts;
    }

    /** How many CPUs the machine has (the first N of the board's). */
    public int cpuCount() {
        return machine.cpus().size();
    }

    /** Re-evaluates each CPU's interrupt signals after the boot flow changed its EL or Security state. */
    void cpuStatesChanged() {
        if (gic != null) {
            for (int i = 0; i < cpuCount(); i++) {
                gic.cpuStateChanged(i);
            }
        }
    }
}
