package dev.hvlab.bench.run;

import dev.hvlab.core.machine.Machine;
import java.io.ByteArrayOutputStream;

/**
 * The workload console: collects the output and ends the run when the workload prints its final
 * {@code DONE} line, whatever the environment does with the PSCI SYSTEM_OFF that follows (a
 * hypervisor may refuse it, as Jailhouse does). Every environment ends at the same point of the
 * workload, so their instruction and cycle counts compare.
 */
final class DoneWatcher extends ByteArrayOutputStream {
    private static final byte[] DONE = {'D', 'O', 'N', 'E', '\n'};
    private Machine machine;
    /** How many bytes of "DONE\n" the current line has matched; -1 once the line went elsewhere. */
    private int matched;

    void attach(Machine m) {
        this.machine = m;
    }

    @Override
    public synchronized void write(int b) {
        super.write(b);
        if (b == '\r') {
            return; // the runtime ends lines with CR LF
        }
        if (matched >= 0 && b == DONE[matched]) {
            matched++;
            if (matched == DONE.length) {
                matched = 0;
                if (machine != null) {
                    machine.exit(machine.cpu(0), 0, "workload done");
                }
            }
        } else {
            matched = b == '\n' ? 0 : -1;
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        for (int i = 0; i < len; i++) {
            write(b[off + i]);
        }
    }
}
