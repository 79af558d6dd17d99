package dev.hvlab.cli;

import static dev.hvlab.cli.CliRun.hvlab;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.tools.ExternalTool;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code hvlab boot --gdb 0 --wait-gdb} on imx8qm with two CPUs, debugged by gdb-multiarch in
 * batch mode: break at a function, continue, list the threads (one per CPU), read registers and
 * memory, step, watch a variable, switch threads, monitor commands, detach. The run then ends
 * exactly as an undebugged run does (same instructions, same simulated time).
 */
class GdbBootTest {
    /** Built from src/test/guest/gdb (see its Makefile). */
    static final Path PROGRAM = Path.of("src/test/resources/guest/gdb/smp-target");
    private static final Pattern PORT = Pattern.compile("gdb stub on localhost:(\\d+)");
    private static final Pattern COST = Pattern.compile("\\d+ instructions, [0-9.]+ \\S+ simulated");

    private static String[] boot(String... extra) {
        List<String> a = new ArrayList<>(List.of("boot", "--board", "imx8qm", "--cpus", "2", "--kernel",
                PROGRAM.toString()));
        a.addAll(List.of(extra));
        return a.toArray(new String[0]);
    }

    private static String cost(String summary) {
        Matcher m = COST.matcher(summary);
        assertTrue(m.find(), summary);
        return m.group();
    }

    @Test
    void gdbMultiarchDebugsTwoCpusOfABootedBoard() throws Exception {
        Assumptions.assumeTrue(ExternalTool.isInstalled("gdb-multiarch"), ExternalTool.notInstalled("gdb-multiarch"));
        CliRun reference = hvlab(boot());
        assertEquals(0, reference.status(), reference.err());

        CommandLine cmd = Hvlab.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> cmd.execute(boot("--gdb", "0", "--wait-gdb")));
        int port = -1;
        for (int i = 0; i < 600 && port < 0; i++) {
            Matcher m = PORT.matcher(err.toString());
            if (m.find()) {
                port = Integer.parseInt(m.group(1));
            } else {
                assertTrue(!run.isDone(), "hvlab ended before serving gdb: " + err);
                Thread.sleep(50);
            }
        }
        assertTrue(port > 0, "the stub's port: " + err);

        List<String> gdbCmd = new ArrayList<>(List.of("gdb-multiarch", "-batch", "-nx"));
        for (String ex : new String[] {"set architecture aarch64", "target remote :" + port,
                "break add_numbers", "continue", "info threads", "info registers pc", "x/2gx &counter", "stepi",
                "watch counter", "continue", "print counter", "thread 2", "monitor el", "monitor sysreg MPIDR_EL1",
                "print spins > 0", "detach"}) {
            gdbCmd.add("-ex");
            gdbCmd.add(ex);
        }
        gdbCmd.add(PROGRAM.toString());
        Process gdb = new ProcessBuilder(gdbCmd).redirectErrorStream(true).start();
        gdb.getOutputStream().close();
        byte[] output = gdb.getInputStream().readAllBytes();
        assertTrue(gdb.waitFor(60, TimeUnit.SECONDS), "gdb finished");
        String o = new String(output, StandardCharsets.UTF_8);
        int status = run.get(60, TimeUnit.SECONDS);
        System.out.println(o);

        Matcher bp = Pattern.compile("Breakpoint 1 at 0x([0-9a-f]+): file .*target\\.c, line \\d+").matcher(o);
        assertTrue(bp.find(), o);
        long bpAddress = Long.parseLong(bp.group(1), 16);
        assertTrue(o.contains("Thread 1 hit Breakpoint 1, add_numbers (a=0, b=0) at "), o);
        // one thread per CPU; CPU 1 was turned on by CPU_ON and spins in secondary_main meanwhile
        assertTrue(Pattern.compile("\\* 1\\s+Thread 1 \\(CPU 0 EL3\\) add_numbers").matcher(o).find(), o);
        assertTrue(Pattern.compile("\\n\\s+2\\s+Thread 2 \\(CPU 1 EL\\d\\) .*secondary_main").matcher(o).find(), o);
        assertTrue(Pattern.compile("pc\\s+0x" + Long.toHexString(bpAddress) + "\\s+0x" + Long.toHexString(bpAddress)
                + " <add_numbers\\+\\d+>").matcher(o).find(), o);
        assertTrue(Pattern.compile("<counter>:\\s+0x0000000000000000\\s+0x0000000000000000").matcher(o).find(), o);
        assertTrue(o.contains(String.format("0x%016x\t", bpAddress + 4)), "stepi: one instruction on\n" + o);
        assertTrue(o.contains("Hardware watchpoint 2: counter"), o);
        assertTrue(Pattern.compile("Old value = 0\\s+New value = 1").matcher(o).find(), o);
        assertTrue(o.contains("$1 = 1"), o);
        assertTrue(o.contains("[Switching to thread 2 (Thread 2)]"), o);
        // MPIDR_EL1 of the second core of cluster 0: RES1 bit 31, Aff0 = 1 (imx8qm.json: mpidrAff1 0)
        assertTrue(Pattern.compile("EL\\d \\(SPSel=\\d, SP_EL\\d\\) on CPU 1").matcher(o).find(), o);
        assertTrue(o.contains("MPIDR_EL1 = 0x0000000080000001"), o);
        assertTrue(o.contains("$2 = 1"), "CPU 1 ran: spins > 0\n" + o);
        assertTrue(o.contains("detached"), o);

        // Detached, the guest ran on to SYSTEM_OFF as if no debugger had been there.
        assertEquals(0, status, err.toString());
        assertEquals(cost(reference.err()), cost(err.toString()), "same instructions and simulated time");
    }

    @Test
    void waitGdbNeedsGdbAndThePortMustBeAPort() {
        assertTrue(hvlab(boot("--wait-gdb")).oneLineError(ExitCodes.USAGE).contains("--wait-gdb needs --gdb"));
        assertTrue(hvlab(boot("--gdb", "70000")).oneLineError(ExitCodes.USAGE).contains("not a TCP port"));
    }
}
