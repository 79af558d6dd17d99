package dev.hvlab.core.gdb;

import dev.hvlab.core.cpu.Cpu;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A GDB Remote Serial Protocol server for a {@link DebugTarget}: listens on a localhost TCP port
 * and serves one client at a time, in all-stop mode (every CPU stops when one does). gdb threads
 * are CPUs: thread {@code n} is CPU {@code n - 1}. The thread that calls {@link #serve} runs the
 * target as well, so a machine is only ever touched from it.
 */
public final class GdbStub implements AutoCloseable {
    /** How a session ended: what the caller should do with the guest next. */
    public enum SessionEnd {
        /** {@code D}: the guest should run on without the debugger. */
        DETACHED,
        /** {@code k}: the guest should be stopped for good. */
        KILLED,
        /** The connection closed without either. */
        DISCONNECTED
    }

    static final int PACKET_SIZE = 0x4000;

    private final ServerSocket server;
    private final StopConditions conditions = new StopConditions();
    private DebugTarget target;
    private RspConnection connection;
    private volatile boolean running;
    /** Hg and Hc: the CPU registers and memory refer to, and the CPU stepped by s/c. */
    private int registerCpu;
    private int resumeCpu;
    private StopEvent lastStop;

    private GdbStub(ServerSocket server) {
        this.server = server;
    }

    /** Listens on localhost:{@code port} (0: any free port, see {@link #port()}). */
    public static GdbStub listen(int port) throws IOException {
        return new GdbStub(new ServerSocket(port, 1, InetAddress.getLoopbackAddress()));
    }

    public int port() {
        return server.getLocalPort();
    }

    /**
     * Waits for a client and serves it until it detaches, kills or disconnects. On return no
     * breakpoint or watchpoint is left armed.
     */
    public SessionEnd serve(DebugTarget target) throws IOException {
        try (Socket s = server.accept()) {
            s.setTcpNoDelay(true);
            attach(target, new RspConnection(s.getInputStream(), s.getOutputStream(), () -> {
                if (running) {
                    target.interrupt();
                }
            }));
            return serveConnection();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SessionEnd.DISCONNECTED;
        } finally {
            conditions.clear();
        }
    }

    /** Serves an already connected client (tests use in-memory streams). */
    SessionEnd serve(DebugTarget target, RspConnection connection) throws InterruptedException, IOException {
        attach(target, connection);
        try {
            return serveConnection();
        } finally {
            conditions.clear();
        }
    }

    /** Binds the stub to a target and a connection without serving (tests call {@link #handle}). */
    void attach(DebugTarget target, RspConnection connection) {
        this.target = target;
        this.connection = connection;
        registerCpu = 0;
        resumeCpu = 0;
        lastStop = target.attach(); // '?' before any run: SIGTRAP, as after a step
        if (lastStop.reason() != StopEvent.Reason.ENDED) {
            registerCpu = lastStop.cpu();
        }
    }

    private SessionEnd serveConnection() throws InterruptedException, IOException {
        String p;
        while ((p = connection.receive()) != null) {
            if (p.equals("D") || p.startsWith("D;")) {
                conditions.clear();
                connection.send("OK");
                return SessionEnd.DETACHED;
            }
            if (p.equals("k")) {
                return SessionEnd.KILLED;
            }
            if (p.startsWith("vKill")) {
                connection.send("OK");
                return SessionEnd.KILLED;
            }
            String reply = handle(p);
            connection.send(reply);
            if (p.equals("QStartNoAckMode")) {
                connection.setNoAck(true);
            }
        }
        return SessionEnd.DISCONNECTED;
    }

    /** The reply to one packet ("" means unsupported). Resuming packets run the target first. */
    String handle(String p) throws InterruptedException, IOException {
        try {
            if (p.isEmpty()) {
                return "";
            }
            return switch (p.charAt(0)) {
                case '?' -> stopReply(lastStop);
                case 'q' -> query(p);
                case 'Q' -> p.equals("QStartNoAckMode") ? "OK" : "";
                case 'H' -> setThread(p);
                case 'T' -> cpuOf(parseThread(p.substring(1))) >= 0 ? "OK" : "E01";
                case 'g' -> Aarch64Registers.readAll(cpu());
                case 'G' -> Aarch64Registers.writeAll(cpu(), p.substring(1)) ? "OK" : "E01";
                case 'p' -> readRegister(p);
                case 'P' -> writeRegister(p);
                case 'm' -> readMemory(p);
                case 'M' -> writeMemory(p);
                case 'X' -> writeMemoryBinary(p);
                case 'Z', 'z' -> breakOrWatch(p);
                case 'c', 's' -> resumeLegacy(p);
                case 'v' -> vPacket(p);
                default -> "";
            };
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            return "E01"; // a malformed packet
        }
    }

    private Cpu cpu() {
        return target.cpus().get(registerCpu);
    }

    // ---- queries --------------------------------------------------------------------------

    private String query(String p) throws IOException, InterruptedException {
        if (p.startsWith("qSupported")) {
            return "PacketSize=" + Integer.toHexString(PACKET_SIZE)
                    + ";qXfer:features:read+;vContSupported+;swbreak+;hwbreak+;QStartNoAckMode+";
        }
        if (p.startsWith("qXfer:features:read:")) {
            return xferFeatures(p.substring("qXfer:features:read:".length()));
        }
        if (p.equals("qAttached") || p.startsWith("qAttached:")) {
            return "1"; // the guest existed before gdb: quitting gdb detaches instead of killing
        }
        if (p.equals("qC")) {
            return "QC" + Integer.toHexString(registerCpu + 1);
        }
        if (p.equals("qfThreadInfo")) {
            StringBuilder sb = new StringBuilder("m");
            for (int i = 0; i < target.cpus().size(); i++) {
                sb.append(i == 0 ? "" : ",").append(Integer.toHexString(i + 1));
            }
            return sb.toString();
        }
        if (p.equals("qsThreadInfo")) {
            return "l";
        }
        if (p.startsWith("qThreadExtraInfo,")) {
            int c = cpuOf(parseThread(p.substring("qThreadExtraInfo,".length())));
            if (c < 0) {
                return "E01";
            }
            return RspPackets.hexText(target.threadInfo(c));
        }
        if (p.startsWith("qRcmd,")) {
            String command = RspPackets.unhexText(p.substring(6));
            String out = target.monitor(command, cpu());
            if (out == null) {
                out = MonitorCommands.run(command, cpu());
            }
            connection.send("O" + RspPackets.hexText(out));
            return "OK";
        }
        if (p.startsWith("qSymbol")) {
            return "OK";
        }
        return "";
    }

    private static String xferFeatures(String args) {
        int colon = args.indexOf(':');
        String annex = args.substring(0, colon);
        if (!annex.equals("target.xml")) {
            return "E00";
        }
        String[] ol = args.substring(colon + 1).split(",");
        int off = Integer.parseInt(ol[0], 16);
        int len = Integer.parseInt(ol[1], 16);
        String xml = Aarch64Registers.targetXml();
        if (off >= xml.length()) {
            return "l";
        }
        int end = Math.min(xml.length(), off + len);
        return (end == xml.length() ? "l" : "m") + xml.substring(off, end);
    }

    // ---- threads --------------------------------------------------------------------------

    /** A thread id: -1 = all, 0 = any, n = CPU n - 1. */
    private static int parseThread(String s) {
        return s.equals("-1") ? -1 : Integer.parseInt(s, 16);
    }

    /** The CPU index of thread {@code tid} (0 and -1: the current one), or -1 if there is none. */
    private int cpuOf(int tid) {
        if (tid <= 0) {
            return registerCpu;
        }
        return tid <= target.cpus().size() ? tid - 1 : -1;
    }

    private String setThread(String p) {
        int tid = parseThread(p.substring(2));
        int c = cpuOf(tid);
        if (c < 0) {
            return "E01";
        }
        if (p.charAt(1) == 'g') {
            registerCpu = c;
        } else {
            resumeCpu = tid == -1 ? -1 : c;
        }
        return "OK";
    }

    // ---- registers and memory -------------------------------------------------------------

    private String readRegister(String p) {
        String v = Aarch64Registers.read(cpu(), Integer.parseInt(p.substring(1), 16));
        return v == null ? "E01" : v;
    }

    private String writeRegister(String p) {
        int eq = p.indexOf('=');
        int n = Integer.parseInt(p.substring(1, eq), 16);
        return Aarch64Registers.write(cpu(), n, p, eq + 1) ? "OK" : "E01";
    }

    private String readMemory(String p) {
        String[] al = p.substring(1).split(",");
        long addr = Long.parseUnsignedLong(al[0], 16);
        int len = Math.min(Integer.parseInt(al[1], 16), PACKET_SIZE / 2);
        byte[] b = DebugMemory.readVirtual(cpu(), addr, len);
        return b.length == 0 && len > 0 ? "E14" : RspPackets.hex(b);
    }

    private String writeMemory(String p) {
        int colon = p.indexOf(':');
        String[] al = p.substring(1, colon).split(",");
        long addr = Long.parseUnsignedLong(al[0], 16);
        byte[] data = RspPackets.unhex(p.substring(colon + 1));
        return DebugMemory.writeVirtual(cpu(), addr, data) ? "OK" : "E14";
    }

    private String writeMemoryBinary(String p) {
        int colon = p.indexOf(':');
        String[] al = p.substring(1, colon).split(",");
        long addr = Long.parseUnsignedLong(al[0], 16);
        // the decoder already undid the escapes: each char is one byte
        byte[] data = p.substring(colon + 1).getBytes(StandardCharsets.ISO_8859_1);
        return DebugMemory.writeVirtual(cpu(), addr, data) ? "OK" : "E14";
    }

    // ---- breakpoints and watchpoints --------------------------------------------------------

    private String breakOrWatch(String p) {
        boolean insert = p.charAt(0) == 'Z';
        String[] f = p.substring(1).split("[,;]");
        int type = Integer.parseInt(f[0]);
        long addr = Long.parseUnsignedLong(f[1], 16);
        long kind = Long.parseLong(f[2], 16);
        switch (type) {
            case 0, 1 -> {
                if (insert) {
                    conditions.addBreakpoint(addr, type == 1);
                } else {
                    conditions.removeBreakpoint(addr, type == 1);
                }
            }
            case 2, 3, 4 -> {
                StopConditions.WatchKind k = StopConditions.WatchKind.values()[type - 2];
                if (insert) {
                    conditions.addWatchpoint(addr, kind, k);
                } else {
                    conditions.removeWatchpoint(addr, kind, k);
                }
            }
            default -> {
                return "";
            }
        }
        return "OK";
    }

    // ---- running ----------------------------------------------------------------------------

    private String vPacket(String p) throws InterruptedException, IOException {
        if (p.equals("vCont?")) {
            return "vCont;c;C;s;S;t";
        }
        if (p.startsWith("vCont;")) {
            return vCont(p.substring(6).split(";"));
        }
        if (p.equals("vMustReplyEmpty")) {
            return "";
        }
        return "";
    }

    /** {@code vCont;action[:tid]...}: the first action that applies to a thread wins. */
    private String vCont(String[] actions) {
        int stepCpu = -1;
        boolean othersRun = false;
        for (String a : actions) {
            int colon = a.indexOf(':');
            char verb = a.charAt(0);
            int tid = colon < 0 ? -1 : parseThread(a.substring(colon + 1));
            boolean step = verb == 's' || verb == 'S';
            boolean cont = verb == 'c' || verb == 'C';
            if (step && stepCpu < 0) {
                stepCpu = tid <= 0 ? (resumeCpu >= 0 ? resumeCpu : registerCpu) : tid - 1;
            } else if (cont) {
                othersRun = true; // in all-stop mode, continuing any CPU runs the machine
            }
        }
        if (stepCpu < 0 && !othersRun) {
            return "OK"; // only 't' (stop): every CPU already is
        }
        return resume(stepCpu, othersRun);
    }

    private String resumeLegacy(String p) {
        Cpu c = target.cpus().get(resumeCpu >= 0 ? resumeCpu : registerCpu);
        if (p.length() > 1) {
            c.pc = Long.parseUnsignedLong(p.substring(1), 16);
        }
        return p.charAt(0) == 's' ? resume(c.index(), false) : resume(-1, true);
    }

    private String resume(int stepCpu, boolean othersRun) {
        running = true;
        StopEvent e;
        try {
            e = target.resume(stepCpu, othersRun, conditions);
        } finally {
            running = false;
        }
        lastStop = e;
        if (e.reason() != StopEvent.Reason.ENDED) {
            registerCpu = e.cpu();
        }
        return stopReply(e);
    }

    /** {@code T} stop reply: SIGTRAP (5) for debug events, SIGINT (2) for Ctrl-C; {@code W} when the run ended. */
    static String stopReply(StopEvent e) {
        String thread = "thread:" + Integer.toHexString(e.cpu() + 1) + ";";
        String addr = Long.toHexString(e.address());
        return switch (e.reason()) {
            case ENDED -> String.format("W%02x", e.exitCode() & 0xFF);
            case INTERRUPTED -> "T02" + thread;
            case STEP -> "T05" + thread;
            case SW_BREAK -> "T05" + thread + "swbreak:;";
            case HW_BREAK -> "T05" + thread + "hwbreak:;";
            case WATCH_WRITE -> "T05" + thread + "watch:" + addr + ";";
            case WATCH_READ -> "T05" + thread + "rwatch:" + addr + ";";
            case WATCH_ACCESS -> "T05" + thread + "awatch:" + addr + ";";
        };
    }

    /** The breakpoints and watchpoints gdb set (for tests and for a target's own use). */
    public StopConditions conditions() {
        return conditions;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

}
