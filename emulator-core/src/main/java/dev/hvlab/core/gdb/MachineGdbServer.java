package dev.hvlab.core.gdb;

import dev.hvlab.core.machine.Machine;
import dev.hvlab.core.machine.RunResult;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Runs a {@link Machine} under the GDB stub ({@code hvlab boot --gdb PORT [--wait-gdb]}): the
 * machine runs on its own thread through a {@link MachineDebugTarget} while this thread serves
 * gdb clients on localhost, one after another, until the run ends. A client that detaches or
 * disconnects lets the guest run on (another can attach later); one that kills ends the run with
 * {@link MachineDebugTarget#KILLED_STATUS}.
 */
public final class MachineGdbServer {
    private MachineGdbServer() {
    }

    /**
     * Serves gdb on localhost:{@code port} (0: any free port) while {@code machine} runs, and
     * returns how the run ended. With {@code waitForGdb} the guest's first instruction waits for a
     * client; otherwise the guest starts at once and a client can attach (and stop it) at any time.
     * {@code log} gets one line saying where gdb should connect.
     */
    public static RunResult run(Machine machine, int port, boolean waitForGdb, Consumer<String> log)
            throws IOException, InterruptedException {
        MachineDebugTarget target = new MachineDebugTarget(machine);
        try (GdbStub stub = GdbStub.listen(port)) {
            log.accept("hvlab: gdb stub on localhost:" + stub.port()
                    + (waitForGdb ? ", waiting for gdb before the first instruction" : ""));
            target.onEnd(() -> {
                try {
                    stub.close(); // no one can attach to a finished run: stop waiting for clients
                } catch (IOException e) {
                    // already closed
                }
            });
            target.start(waitForGdb);
            while (!target.ended()) {
                GdbStub.SessionEnd end;
                try {
                    end = stub.serve(target);
                } catch (IOException e) {
                    if (target.ended()) {
                        break; // the listening socket was closed because the run ended
                    }
                    end = GdbStub.SessionEnd.DISCONNECTED; // the client's connection broke
                }
                if (end == GdbStub.SessionEnd.KILLED) {
                    target.kill();
                    break;
                }
                target.detach();
            }
        }
        return target.awaitResult();
    }
}
