package dev.hvlab.hv.xen;

import dev.hvlab.board.imx8qm.Board;
import dev.hvlab.board.imx8qm.BoardOptions;
import dev.hvlab.board.imx8qm.Boot;
import dev.hvlab.core.config.BoardConfig;
import dev.hvlab.core.hypervisor.CostLedger;
import dev.hvlab.core.hypervisor.El2Dispatcher;
import dev.hvlab.core.hypervisor.El2Platform;
import dev.hvlab.core.machine.RunResult;
import dev.hvlab.core.spi.Providers;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** An i.MX 8QM with dom0's image booted on CPU 0 under the Xen model (no image: nothing loaded, for dom0less). */
final class XenRig {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final Board board;
    final El2Dispatcher dispatcher;
    final XenModel xen;
    RunResult result;

    XenRig(byte[] dom0Image, XenConfig config, Path dir) {
        BoardConfig b = Providers.board("imx8qm");
        board = Board.build(b, BoardOptions.of(out));
        if (dom0Image != null) {
            Boot.load(board, Boot.Spec.elf("dom0", dom0Image, 2));
        }
        El2Platform p = new El2Platform(board.machine(), b, board.gic(), board.firmware(), board.exceptions(), out, dir);
        xen = new XenModel(config);
        dispatcher = El2Dispatcher.install(xen, p);
    }

    XenRig run(long maxInstructions) {
        board.machine().setMaxInstructions(maxInstructions);
        result = board.machine().run();
        return this;
    }

    String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    CostLedger ledger() {
        return dispatcher.ledger();
    }

    /** Times each path was taken. */
    Map<String, Long> paths() {
        Map<String, Long> m = new TreeMap<>();
        for (CostLedger.PathTotal p : ledger().paths()) {
            m.put(p.path(), p.taken());
        }
        return m;
    }

    static XenConfig config(String sched, String vwfi, boolean pin, int dom0Vcpus, XenConfig.Domain... domUs) {
        return new XenConfig(new XenConfig.CommandLine(sched, vwfi, "", dom0Vcpus, pin, 50_000, false, false), true,
                java.util.List.of(domUs));
    }

    static XenConfig.Domain domU(String name, String kernel, int... cpus) {
        java.util.List<Integer> c = new java.util.ArrayList<>();
        for (int x : cpus) {
            c.add(x);
        }
        return new XenConfig.Domain(name, 1, 16, c, kernel, "", "", false, 256, 0, 10_000, 4_000);
    }
}
