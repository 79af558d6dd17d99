package dev.hvlab.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.bench.Workloads;
import dev.hvlab.board.imx8qm.Board;
import dev.hvlab.board.imx8qm.BoardOptions;
import dev.hvlab.board.imx8qm.Boot;
import dev.hvlab.core.config.BoardConfig;
import dev.hvlab.core.hypervisor.CostLedger;
import dev.hvlab.core.hypervisor.El2Dispatcher;
import dev.hvlab.core.hypervisor.El2Platform;
import dev.hvlab.core.spi.Providers;
import dev.hvlab.hv.kvm.KvmConfig;
import dev.hvlab.hv.kvm.KvmModel;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The bare-metal workloads under the KVM model: the split-mode mechanism, the VMM, halt polling, VHE. */
class KvmEnvironmentTest {
    private static final BoardConfig IMX8QM = Providers.board("imx8qm");

    private static RunRecord run(String workload, String env) {
        return WorkloadRunner.run(new RunSpec(workload, env, IMX8QM, "functional"));
    }

    private static List<String> steps(El2Dispatcher d, String path) {
        return d.ledger().steps("kvm", path).stream().map(CostLedger.Row::step).toList();
    }

    /** A workload on the board under a KVM model with {@code config}; returns the dispatcher after the run. */
    private static El2Dispatcher runWith(String workload, KvmConfig config, StringBuilder console) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Board board = Board.build(IMX8QM, BoardOptions.of(out));
        Boot.load(board, Boot.Spec.elf(workload + ".elf", Workloads.get(workload).image(), 2));
        El2Platform p = new El2Platform(board.machine(), board.config(), board.gic(), board.firmware(),
                board.exceptions(), OutputStream.nullOutputStream(), null);
        El2Dispatcher d = El2Dispatcher.install(new KvmModel(config), p);
        board.machine().setMaxInstructions(400_000_000L);
        board.machine().run();
        console.append(out.toString(StandardCharsets.ISO_8859_1));
        return d;
    }

    @Test
    void everyWorkloadRunsUnderKvmWithTheNativeMetrics() {
        for (String w : List.of("microbench", "ipi_latency", "timer_latency", "timer_latency_interference",
                "dhrystone", "whetstone")) {
            RunRecord k = run(w, "kvm");
            RunRecord n = run(w, "none");
            assertEquals("ok", k.status(), w + ": " + k.failure());
            assertEquals(n.metrics().keySet(), k.metrics().keySet(), w);
            assertEquals(1, k.entryEl(), w);
            assertFalse(k.costLedger().isEmpty(), w);
            assertEquals(n.info(), k.info(), w + ": the same computation");
        }
    }

    /** Every trap path costs more under KVM than the image's own EL2 vector, in both directions of each metric. */
    @Test
    void trapPathsCostMoreThanNatively() {
        RunRecord k = run("microbench", "kvm");
        RunRecord n = run("microbench", "none");
        for (String m : List.of("hvc", "mmio_read", "gicd_read", "timer_irq")) {
            assertTrue(k.metrics().get(m).value() > n.metrics().get(m).value(), m);
        }
        // An exit to the VMM costs more than one the host kernel handles (the vGIC distributor).
        assertTrue(k.metrics().get("mmio_read").value() > k.metrics().get("gicd_read").value());
    }

    @Test
    void aHypercallCrossesFourTimesAndSwitchesBothEl1Contexts() {
        StringBuilder out = new StringBuilder();
        El2Dispatcher d = runWith("microbench", KvmConfig.defaults(6, false), out);
        List<String> s = steps(d, "hvc");
        // The ledger lists a path's steps in first-seen order (a step done again later is counted
        // under its first position): guest exit, host context in, ERET, the host's handling, HVC,
        // host context out, stage 2 and traps on, guest registers in, ERET.
        List<String> inOrder = List.of("exception entry to EL2", "save x0-x30", "MRS ESR_EL2",
                "store SCTLR_EL1", "MSR CNTHCTL_EL2", "MSR HCR_EL2", "MSR VBAR_EL2", "MSR VTTBR_EL2",
                "MSR SCTLR_EL1", "restore x0-x30", "ERET to the host kernel at EL1", "handle_hvc",
                "kvm_hvc_call_handler: kvm_hvc_call_default_allowed, switch (func_id)",
                "HVC to EL2 (kvm_call_hyp __kvm_vcpu_run)", "save x1-x30", "MSR VTCR_EL2", "save x18-x30", "ERET");
        int at = -1;
        for (String step : inOrder) {
            int i = s.subList(at + 1, s.size()).indexOf(step);
            assertTrue(i >= 0, "step '" + step + "' after position " + at + " in " + s);
            at += i + 1;
        }
        long hvc = d.ledger().paths().stream().filter(p -> p.path().equals("hvc")).findFirst().orElseThrow().taken();
        assertTrue(hvc >= 10_000, "the micro-benchmark's 10,000 HVCs each take the full path");
    }

    @Test
    void vheRemovesTheEl1ContextSwitchAndTheHostCrossings() {
        El2Dispatcher nvhe = runWith("microbench", KvmConfig.defaults(6, false), new StringBuilder());
        El2Dispatcher vhe = runWith("microbench", KvmConfig.defaults(6, true), new StringBuilder());
        Set<String> a = Set.copyOf(steps(nvhe, "hvc"));
        Set<String> b = Set.copyOf(steps(vhe, "hvc"));
        Set<String> removed = a.stream().filter(x -> !b.contains(x)).collect(Collectors.toSet());
        for (String r : List.of("ERET to the host kernel at EL1", "HVC to EL2 (kvm_call_hyp __kvm_vcpu_run)",
                "store SCTLR_EL1", "store TTBR0_EL1", "MSR SCTLR_EL1", "MSR CNTHCTL_EL2", "save x1-x30",
                "handle_trap, handle_host_hcall: host_hcall[id]")) {
            assertTrue(removed.contains(r), r + " not removed: " + removed);
        }
        assertTrue(b.contains("MSR VTTBR_EL2") && b.contains("MSR VBAR_EL2") && b.contains("MSR HCR_EL2"),
                "stage 2 and the traps still switch on every exit with VHE");
        Set<String> added = b.stream().filter(x -> !a.contains(x)).collect(Collectors.toSet());
        assertEquals(Set.of("call __kvm_vcpu_run_vhe", "return from __kvm_vcpu_run_vhe (function call)"), added);
        assertTrue(cycles(vhe, "hvc") < cycles(nvhe, "hvc"));
    }

    private static double cycles(El2Dispatcher d, String path) {
        CostLedger.PathTotal p = d.ledger().paths().stream().filter(x -> x.path().equals(path)).findFirst().orElseThrow();
        return (double) p.cycles() / p.taken();
    }

    @Test
    void anExitToTheVmmAddsTheEl0Crossings() {
        El2Dispatcher d = runWith("microbench", KvmConfig.defaults(6, false), new StringBuilder());
        List<String> s = steps(d, "mmio lpuart (VMM)");
        for (String step : List.of("run->exit_reason = KVM_EXIT_MMIO", "ERET to the VMM at EL0",
                "VMM: switch (exit_reason), kvm__emulate_mmio: mmio tree lookup", "SVC to the host kernel (ioctl KVM_RUN)",
                "HVC to EL2 (__vgic_v3_save_vmcr_aprs)", "HVC to EL2 (__vgic_v3_restore_vmcr_aprs)",
                "HVC to EL2 (__kvm_timer_set_cntvoff)", "kvm_handle_mmio_return")) {
            assertTrue(s.contains(step), step);
        }
        assertFalse(steps(d, "mmio vgic-distributor").contains("ERET to the VMM at EL0"));
        assertTrue(cycles(d, "mmio lpuart (VMM)") > cycles(d, "mmio vgic-distributor"));
    }

    @Test
    void haltPollingCatchesTheTimerWithoutBlocking() {
        KvmConfig d = KvmConfig.defaults(6, false);
        KvmConfig off = new KvmConfig(d.vm(), new KvmConfig.Host("cfs", false, 0, d.host().memory()), d.vmm(), false);
        StringBuilder polled = new StringBuilder();
        StringBuilder blocked = new StringBuilder();
        El2Dispatcher p = runWith("timer_latency", d, polled);
        El2Dispatcher b = runWith("timer_latency", off, blocked);
        assertTrue(polled.toString().contains("DONE") && blocked.toString().contains("DONE"));
        assertEquals(1000, taken(p, "halt-poll wake (irq 27)"));
        assertEquals(0, taken(p, "wake-up (bg hrtimer)"));
        assertEquals(1000, taken(b, "wake-up (bg hrtimer)"));
        assertTrue(steps(b, "wfi block").contains("HVC to EL2 (__vgic_v3_save_vmcr_aprs)"));
        assertTrue(steps(b, "wake-up (bg hrtimer)").contains("pick_next_task_fair: __pick_first_entity, set_next_entity"));
        assertTrue(avg(blocked.toString()) > avg(polled.toString()), "blocking adds the host's wake-up to the latency");
    }

    private static long taken(El2Dispatcher d, String path) {
        return d.ledger().paths().stream().filter(x -> x.path().equals(path)).mapToLong(CostLedger.PathTotal::taken).sum();
    }

    private static double avg(String console) {
        return WorkloadOutput.parse(console).metrics().get("timer_latency_avg").value();
    }
}
