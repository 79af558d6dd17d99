package dev.hvlab.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hvlab.board.imx8qm.Board;
import dev.hvlab.board.imx8qm.BoardOptions;
import dev.hvlab.board.imx8qm.Boot;
import dev.hvlab.board.imx8qm.SmpDemo;
import dev.hvlab.core.config.BoardConfig;
import dev.hvlab.core.config.InputFiles;
import dev.hvlab.core.config.UserInputException;
import dev.hvlab.core.gdb.MachineGdbServer;
import dev.hvlab.core.trace.Trace;
import dev.hvlab.core.trace.TraceKind;
import dev.hvlab.core.trace.TraceOptions;
import dev.hvlab.core.hypervisor.El2Dispatcher;
import dev.hvlab.core.machine.Machine;
import dev.hvlab.core.machine.RunResult;
import dev.hvlab.core.machine.TimingModel;
import dev.hvlab.core.uart.HostInput;
import dev.hvlab.core.uart.SerialInput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hvlab boot}: boot a kernel or bare-metal image on a board. Exits with the guest's
 * semihosting exit code, 0 on PSCI SYSTEM_OFF, 3 on SYSTEM_RESET, 4 when a limit is reached, 5 when
 * the guest is dead (every CPU off or waiting with nothing pending); 2 for an input error.
 */
@Command(name = "boot", description = "Boot a kernel or bare-metal image on a board.")
final class BootCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    BoardOption board;

    @Option(names = "--kernel", paramLabel = "FILE",
            description = "The kernel (arm64 Image, gzip Image), bare-metal ELF, or raw binary (with --load-address). "
                    + "Without it, the built-in SMP demo runs: every CPU is started with PSCI and prints its MPIDR.")
    Path kernel;

    @Option(names = "--load-address", paramLabel = "ADDR",
            description = "Load --kernel as a raw binary at this physical address (hex with 0x) and start there.")
    String loadAddress;

    @Option(names = "--initrd", paramLabel = "FILE", description = "An initramfs (cpio) to load.")
    Path initrd;

    @Option(names = "--dtb", paramLabel = "FILE", description = "A device tree blob instead of the board's own.")
    Path dtb;

    @Option(names = "--append", paramLabel = "ARGS", description = "The kernel command line.")
    String append;

    @Option(names = "--cpus", paramLabel = "N", description = "How many of the board's CPUs to start (default: all).")
    Integer cpus;

    @Option(names = "--hypervisor", paramLabel = "NAME", defaultValue = "none",
            description = "A hypervisor model from 'hvlab info', or none. Default: ${DEFAULT-VALUE}.")
    String hypervisor;

    @Option(names = "--hv-config", paramLabel = "FILE.json",
            description = "The hypervisor model's configuration (e.g. Jailhouse cells); default: the model's own.")
    Path hvConfig;

    @Option(names = "--timing", paramLabel = "MODEL", defaultValue = "functional",
            description = "The timing model: functional or approximate (approx). Default: ${DEFAULT-VALUE}.")
    String timing;

    @Option(names = "--timing-param", paramLabel = "FILE.PATH=VALUE",
            description = "Override one approximate-model parameter, e.g. cortex-a53.system.exceptionEntry=40 (repeatable).")
    List<String> timingParams = new ArrayList<>();

    @Option(names = "--semihosting", description = "Serve semihosting calls (HLT #0xF000): console and exit code.")
    boolean semihosting;

    @Option(names = "--entry-el", paramLabel = "EL",
            description = "The EL to start at: 3, 2 or 1 (default: 3 for an ELF or raw image, 2 for a kernel Image).")
    Integer entryEl;

    @Option(names = "--max-instructions", paramLabel = "N", description = "Stop after N instructions.")
    Long maxInstructions;

    @Option(names = "--max-time", paramLabel = "TIME", description = "Stop at this simulated time, e.g. 10ms, 2s.")
    String maxTime;

    @Option(names = "--serial", paramLabel = "stdio|FILE", defaultValue = "stdio",
            description = "Where the console UART's output goes. Default: ${DEFAULT-VALUE}.")
    String serial;

    @Option(names = "--serial-input", paramLabel = "stdin|none|FILE", defaultValue = "stdin",
            description = "What the console UART receives: the terminal (an interactive shell), nothing, or a "
                    + "file's bytes (the same at the same simulated times in every run). Default: ${DEFAULT-VALUE}.")
    String serialInput;

    @picocli.CommandLine.ParentCommand
    HvlabCommand parent;

    @Option(names = "--stats", paramLabel = "FILE", description = "Write run statistics as JSON.")
    Path stats;

    @Option(names = "--quiet", description = "No summary line on stderr at the end.")
    boolean quiet;

    @Option(names = "--gdb", paramLabel = "PORT",
            description = "Serve gdb's remote protocol on localhost:PORT (one thread per CPU); see docs/GDB.md.")
    Integer gdbPort;

    @Option(names = "--wait-gdb", description = "With --gdb: wait for gdb before the first instruction.")
    boolean waitGdb;

    @Option(names = "--trace", paramLabel = "KINDS",
            description = "Trace insn,exc,irq,mmu,sysreg (comma-separated, or all) to stderr or --trace-file.")
    String trace;

    @Option(names = "--trace-file", paramLabel = "FILE", description = "Write the --trace lines to FILE instead of stderr.")
    Path traceFile;

    @Option(names = "--trace-limit", paramLabel = "SIZE",
            description = "Stop tracing after SIZE bytes (64M, 1G; 0 for no limit) or lines (100000lines). Default: 1G.")
    String traceLimit;

    @Option(names = "--trace-el", paramLabel = "ELS", description = "Trace only at these exception levels, e.g. 1 or 1,2.")
    String traceEl;

    @Option(names = "--trace-range", paramLabel = "START-END",
            description = "Trace only instructions/events with a PC in [START, END) (or START+LENGTH).")
    String traceRange;

    @Override
    public Integer call() throws IOException {
        if (kernel != null) {
            InputFiles.requireReadable(kernel, "kernel image");
        } else if (loadAddress != null || initrd != null || dtb != null || append != null) {
            throw new UserInputException("--load-address, --initrd, --dtb and --append need --kernel");
        }
        if (initrd != null) {
            InputFiles.requireReadable(initrd, "initrd");
        }
        if (dtb != null) {
            InputFiles.requireReadable(dtb, "device tree blob");
        }
        if (!"stdin".equals(serialInput) && !"none".equals(serialInput)) {
            InputFiles.requireReadable(Path.of(serialInput), "serial input file");
        }
        BoardConfig b = board.resolve();
        if (cpus != null && (cpus < 1 || cpus > b.cpuCount())) {
            throw new UserInputException("--cpus " + cpus + ": board '" + b.name() + "' has " + b.cpuCount() + " CPUs");
        }
        if (maxInstructions != null) {
            Checks.positive(maxInstructions, "--max-instructions");
        }
        long maxTimePs = maxTime == null ? Long.MAX_VALUE : SimulatedTime.parsePs(maxTime, "--max-time");
        if (entryEl != null && (entryEl < 1 || entryEl > 3)) {
            throw new UserInputException("--entry-el must be 1, 2 or 3, not " + entryEl);
        }
        Long raw = loadAddress == null ? null : parseAddress(loadAddress);
        HypervisorNames.requireModel(hypervisor);
        Integer startEl = entryEl;
        if (!HypervisorNames.isBare(hypervisor)) {
            if (entryEl != null && entryEl != 2) {
                throw new UserInputException("--entry-el " + entryEl + ": with --hypervisor, the image is handed to EL2, "
                        + "where the model puts it in its first partition at EL1");
            }
            startEl = 2;
        }
        TimingModel model = dev.hvlab.bench.run.TimingModels.of(dev.hvlab.bench.run.TimingModels.withParams(timing,
                timingParams));
        if (stats != null) {
            InputFiles.requireWritable(stats, "stats file");
        }
        if (gdbPort != null && (gdbPort < 0 || gdbPort > 65535)) {
            throw new UserInputException("--gdb " + gdbPort + ": not a TCP port");
        }
        if (waitGdb && gdbPort == null) {
            throw new UserInputException("--wait-gdb needs --gdb PORT");
        }
        TraceOptions traceOptions = traceOptions();
        OutputStream serialOut = serialStream();
        try {
            OutputStream console = new WriterOutputStream(spec.commandLine().getOut());
            BoardOptions options = new BoardOptions(cpus == null ? 0 : cpus, serialOut, semihosting, console, model,
                    Machine.DEFAULT_QUANTUM_PS);
            Board machineBoard = Board.build(b, options);
            Machine m = machineBoard.machine();
            m.setMaxInstructions(maxInstructions == null ? Long.MAX_VALUE : maxInstructions);
            m.setMaxTimePs(maxTimePs);
            if (kernel == null) {
                int n = cpus == null ? b.cpuCount() : cpus;
                Boot.load(machineBoard, new Boot.Spec("built-in SMP demo", SmpDemo.image(b, n), SmpDemo.loadAddress(b),
                        null, null, null, null, startEl));
            } else {
                Boot.load(machineBoard, new Boot.Spec(kernel.toString(), read(kernel), raw,
                    initrd == null ? null : read(initrd), dtb == null ? null : read(dtb),
                    dtb == null ? null : dtb.toString(), append, startEl));
            }
            El2Dispatcher hv = HypervisorNames.install(hypervisor, hvConfig, machineBoard, serialOut);
            connectSerialInput(machineBoard);
            RunResult r;
            try (Trace t = traceOptions == null ? null : Trace.install(m.cpus(), traceOptions, traceWriter())) {
                r = gdbPort == null ? m.run() : runUnderGdb(m);
            } finally {
                if (traceFile != null && traceOut != null) {
                    traceOut.close();
                }
            }
            serialOut.flush();
            HypervisorNames.printReports(hv, spec.commandLine().getErr());
            if (stats != null) {
                writeStats(r, b, m, hv);
            }
            if (!quiet) {
                spec.commandLine().getErr().println(r.summary());
            }
            return r.exitCode();
        } finally {
            if (!"stdio".equals(serial)) {
                serialOut.close();
            }
        }
    }

    private void connectSerialInput(Board machineBoard) throws IOException {
        if (machineBoard.serialPorts().isEmpty() || "none".equals(serialInput)) {
            return;
        }
        HostInput input;
        if ("stdin".equals(serialInput)) {
            if (parent == null || parent.stdin == null) {
                return; // an in-process run has no terminal
            }
            input = new HostInput(parent.stdin);
        } else {
            input = HostInput.of(Files.readAllBytes(Path.of(serialInput)));
        }
        // A person typing (stdin) is paced to the host clock; a file is delivered as fast as the guest reads.
        SerialInput.connect(input, machineBoard.serialPorts().get(0), machineBoard.machine().queue(),
                SerialInput.DEFAULT_PERIOD_PS, "stdin".equals(serialInput));
    }

    private java.io.Writer traceOut;

    /** The --trace options, checked; null without --trace. */
    private TraceOptions traceOptions() {
        if (trace == null) {
            if (traceFile != null || traceLimit != null || traceEl != null || traceRange != null) {
                throw new UserInputException("--trace-file, --trace-limit, --trace-el and --trace-range need --trace KINDS");
            }
            return null;
        }
        try {
            TraceOptions o = TraceOptions.of(TraceKind.parseList(trace));
            if (traceEl != null) {
                o = o.withEls(TraceOptions.parseEls(traceEl));
            }
            if (traceRange != null) {
                long[] r = TraceOptions.parseRange(traceRange);
                o = o.withRange(r[0], r[1]);
            }
            if (traceLimit != null) {
                long[] l = TraceOptions.parseLimit(traceLimit);
                o = o.withLimit(l[0], l[1] != 0);
            }
            if (traceFile != null) {
                InputFiles.requireWritable(traceFile, "trace file");
            }
            return o;
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--trace: " + e.getMessage());
        }
    }

    private java.io.Writer traceWriter() throws IOException {
        traceOut = traceFile == null ? spec.commandLine().getErr()
                : new java.io.BufferedWriter(Files.newBufferedWriter(traceFile), 1 << 16);
        return traceOut;
    }

    private RunResult runUnderGdb(Machine m) throws IOException {
        java.io.PrintWriter err = spec.commandLine().getErr();
        try {
            return MachineGdbServer.run(m, gdbPort, waitGdb, line -> {
                err.println(line);
                err.flush();
            });
        } catch (java.net.BindException e) {
            throw new UserInputException("--gdb " + gdbPort + ": cannot listen on localhost: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while serving gdb", e);
        }
    }

    private OutputStream serialStream() {
        if ("stdio".equals(serial)) {
            return new WriterOutputStream(spec.commandLine().getOut());
        }
        Path file = InputFiles.requireWritable(Path.of(serial), "serial output file");
        try {
            return new java.io.BufferedOutputStream(Files.newOutputStream(file));
        } catch (IOException e) {
            throw new UserInputException("serial output file '" + file + "': " + e.getMessage());
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UserInputException("'" + file + "': cannot read: " + e.getMessage());
        }
    }

    private static long parseAddress(String text) {
        try {
            String t = text.replace("_", "");
            return t.startsWith("0x") || t.startsWith("0X") ? Long.parseUnsignedLong(t.substring(2), 16) : Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new UserInputException("--load-address '" + text + "' is not an address");
        }
    }

    private void writeStats(RunResult r, BoardConfig b, Machine m, El2Dispatcher hv) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("board", b.name());
        json.put("exitCode", r.exitCode());
        json.put("reason", r.reason());
        json.put("instructions", r.instructions());
        json.put("simulatedPs", r.simulatedPs());
        json.put("hostNanos", r.hostNanos());
        json.put("mips", r.mips());
        json.put("timing", timing);
        List<Map<String, Object>> perCpu = new ArrayList<>();
        for (RunResult.CpuStats c : r.cpus()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("cpu", c.index());
            e.put("coreType", c.coreType());
            e.put("frequencyHz", c.frequencyHz());
            e.put("instructions", c.instructions());
            e.put("cycles", c.cycles());
            perCpu.add(e);
        }
        json.put("cpus", perCpu);
        // gem5-shaped statistics (per CPU and per cache) from the core's report.
        json.putAll(dev.hvlab.core.timing.StatsReport.build(m, r));
        HypervisorNames.addStats(hv, json);
        try {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(stats.toFile(), json);
        } catch (IOException e) {
            throw new UserInputException("stats file '" + stats + "': " + e.getMessage());
        }
    }
}
