package dev.hvlab.core.gdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.sysreg.SystemRegisters;
import dev.hvlab.core.tools.ExternalTool;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * gdb-multiarch in batch mode against the stub serving the bare-metal test program: break at a
 * function, continue, read registers and memory, step, watch a variable, list threads, a monitor
 * command, detach. Then the program runs to its end as it would have without the debugger.
 */
class GdbEndToEndTest {
    private static final long RAM = 0x40000000L;

    @Test
    void gdbMultiarchDebugsTheBareMetalProgram() throws Exception {
        Assumptions.assumeTrue(ExternalTool.isInstalled("gdb-multiarch"), ExternalTool.notInstalled("gdb-multiarch"));
        BareMetalGdbServer reference = new BareMetalGdbServer(GdbTargetTest.PROGRAM, RAM, 1 << 20);
        reference.runToEnd();

        BareMetalGdbServer server = new BareMetalGdbServer(GdbTargetTest.PROGRAM, RAM, 1 << 20);
        String out;
        GdbStub.SessionEnd end;
        try (GdbStub stub = GdbStub.listen(0)) {
            CompletableFuture<GdbStub.SessionEnd> session = CompletableFuture.supplyAsync(() -> {
                try {
                    return stub.serve(server.target());
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            List<String> cmd = new ArrayList<>(List.of("gdb-multiarch", "-batch", "-nx"));
            for (String ex : new String[] {"set architecture aarch64", "target remote :" + stub.port(),
                    "break add_numbers", "continue", "info registers pc", "x/4x &counter", "stepi",
                    "watch counter", "continue", "print counter", "info threads", "monitor el",
                    "monitor sysreg SCTLR_EL1", "detach"}) {
                cmd.add("-ex");
                cmd.add(ex);
            }
            cmd.add(GdbTargetTest.PROGRAM.toString());
            Process gdb = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            gdb.getOutputStream().close();
            byte[] output = gdb.getInputStream().readAllBytes();
            assertTrue(gdb.waitFor(60, TimeUnit.SECONDS), "gdb finished");
            out = new String(output, StandardCharsets.UTF_8);
            end = session.get(30, TimeUnit.SECONDS);
        }
        System.out.println(out);
        assertEquals(GdbStub.SessionEnd.DETACHED, end, out);

        // gdb chose the breakpoint address (after add_numbers' prologue); the stop must be there.
        Matcher bp = Pattern.compile("Breakpoint 1 at 0x([0-9a-f]+): file .*target\\.c, line \\d+").matcher(out);
        assertTrue(bp.find(), out);
        long bpAddress = Long.parseLong(bp.group(1), 16);
        assertTrue(out.contains("Breakpoint 1, add_numbers (a=0, b=0) at "), out);
        assertTrue(Pattern.compile("pc\\s+0x" + Long.toHexString(bpAddress) + "\\s+0x" + Long.toHexString(bpAddress)
                + " <add_numbers\\+\\d+>").matcher(out).find(), out);
        // counter is in .bss and the loop has not incremented it yet
        assertTrue(Pattern.compile("<counter>:\\s+0x00000000\\s+0x00000000\\s+0x00000000\\s+0x00000000").matcher(out).find(), out);
        // stepi: one instruction further, still in the same line
        assertTrue(out.contains(String.format("0x%016x\t", bpAddress + 4)), out);
        // the watchpoint triggers on the first counter++ with the values before and after
        assertTrue(out.contains("Hardware watchpoint 2: counter"), out);
        assertTrue(Pattern.compile("Old value = 0\\s+New value = 1").matcher(out).find(), out);
        assertTrue(out.contains("$1 = 1"), out);
        assertTrue(Pattern.compile("\\* 1\\s+Thread 1 \\(CPU 0 EL1\\)").matcher(out).find(), out);
        assertTrue(out.contains("EL1 (SPSel=1, SP_EL1) on CPU 0"), out);
        long sctlr = SystemRegisters.standard().byName("SCTLR_EL1").read(server.cpu());
        assertTrue(out.contains(String.format("SCTLR_EL1 = 0x%016x", sctlr)), out);
        assertTrue(out.contains("detached"), out);

        // Detached: the program runs on to the same end, with the same instruction count.
        server.runToEnd();
        assertEquals(45, server.exitCode());
        assertEquals(reference.cpu().instructions, server.cpu().instructions,
                "debugging did not change the number of instructions executed");
    }
}
