package dev.hvlab.hv.jailhouse;

import dev.hvlab.board.imx8qm.Board;
import dev.hvlab.board.imx8qm.BoardOptions;
import dev.hvlab.board.imx8qm.Boot;
import dev.hvlab.core.config.BoardConfig;
import dev.hvlab.core.hypervisor.El2Dispatcher;
import dev.hvlab.core.hypervisor.El2Platform;
import dev.hvlab.core.machine.RunResult;
import dev.hvlab.core.spi.Providers;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** An i.MX 8QM with an image booted on CPU 0, natively or under the Jailhouse model. */
final class Rig {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final Board board;
    final El2Dispatcher dispatcher;
    RunResult result;

    private Rig(byte[] rootImage, boolean jailhouse, JailhouseConfig config, Path dir) {
        BoardConfig b = Providers.board("imx8qm");
        board = Board.build(b, BoardOptions.of(out));
        Boot.load(board, Boot.Spec.elf("root", rootImage, 2));
        if (jailhouse) {
            El2Platform p = new El2Platform(board.machine(), b, board.gic(), board.firmware(), board.exceptions(), out, dir);
            dispatcher = El2Dispatcher.install(new JailhouseModel(config), p);
        } else {
            dispatcher = null;
        }
    }

    static Rig nativeRun(byte[] image) {
        return new Rig(image, false, null, null);
    }

    static Rig jailhouse(byte[] rootImage, JailhouseConfig config, Path dir) {
        return new Rig(rootImage, true, config, dir);
    }

    Rig run(long maxInstructions) {
        board.machine().setMaxInstructions(maxInstructions);
        result = board.machine().run();
        return this;
    }

    String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    long read64(long pa) {
        byte[] b = new byte[8];
        board.machine().memory().read(pa, b, 0, 8);
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | (b[i] & 0xFF);
        }
        return v;
    }
}
