package dev.hvlab.core.gdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.ExceptionClass;
import dev.hvlab.core.isa.A64;
import dev.hvlab.core.mem.PhysicalMemory;
import dev.hvlab.core.sysreg.Pstate;
import dev.hvlab.core.sysreg.SystemRegisters;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** Each command of the stub against a fake two-CPU target; no gdb needed. */
class GdbStubCommandTest {
    private static final long RAM = 0x40000000L;
    /** Addresses from here up fault in the test's translation. */
    private static final long FAULTING = 0x40080000L;

    /** Records what the stub asked for and answers with a preset stop. */
    static final class FakeTarget implements DebugTarget {
        final List<Cpu> cpus = new ArrayList<>();
        int stepCpu = -2;
        boolean othersRun;
        StopEvent next = StopEvent.of(StopEvent.Reason.STEP, 0);
        StopConditions seen;

        @Override
        public List<Cpu> cpus() {
            return cpus;
        }

        @Override
        public StopEvent resume(int stepCpu, boolean othersRun, StopConditions conditions) {
            this.stepCpu = stepCpu;
            this.othersRun = othersRun;
            this.seen = conditions;
            return next;
        }

        @Override
        public void interrupt() {
        }
    }

    private final FakeTarget target = new FakeTarget();
    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    private GdbStub stub;

    @BeforeEach
    void setUp() throws Exception {
        PhysicalMemory m = new PhysicalMemory();
        m.addRam(RAM, 1 << 20);
        for (int i = 0; i < 2; i++) {
            Cpu c = new Cpu(i, m, A64.decoder());
            c.setTranslator((cpu, va, type, pc) -> {
                if (Long.compareUnsigned(va, FAULTING) >= 0) {
                    throw cpu.raise(ExceptionClass.DATA_ABORT_SAME, 0x07, pc); // level 3 translation fault
                }
                return va;
            });
            Pstate.select(c, 1, 1);
            target.cpus.add(c);
        }
        RspConnection conn = new RspConnection(new ByteArrayInputStream(new byte[0]), sent, () -> { });
        conn.setNoAck(true);
        stub = GdbStub.listen(0);
        stub.attach(target, conn);
    }

    private String ask(String packet) throws Exception {
        return stub.handle(packet);
    }

    private Cpu cpu(int i) {
        return target.cpus.get(i);
    }

    @Test
    void supportedFeaturesAreAdvertised() throws Exception {
        String r = ask("qSupported:multiprocess+;swbreak+;hwbreak+;qRelocInsn+");
        for (String f : new String[] {"PacketSize=4000", "qXfer:features:read+", "vContSupported+", "swbreak+",
                "hwbreak+", "QStartNoAckMode+"}) {
            assertTrue(List.of(r.split(";")).contains(f), f + " in " + r);
        }
        assertEquals("vCont;c;C;s;S;t", ask("vCont?"));
        assertEquals("", ask("vMustReplyEmpty"));
        assertEquals("", ask("qNoSuchThing"));
    }

    @Test
    void targetDescriptionReadInChunksDeclaresGdbsAarch64Registers() throws Exception {
        StringBuilder xml = new StringBuilder();
        for (int off = 0; ; off += 0x100) {
            String r = ask(String.format("qXfer:features:read:target.xml:%x,100", off));
            xml.append(r.substring(1));
            if (r.charAt(0) == 'l') {
                break;
            }
            assertEquals('m', r.charAt(0));
        }
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader(xml.toString().replaceFirst("<!DOCTYPE[^>]*>", ""))));
        NodeList features = doc.getElementsByTagName("feature");
        assertEquals("org.gnu.gdb.aarch64.core", ((Element) features.item(0)).getAttribute("name"));
        assertEquals("org.gnu.gdb.aarch64.fpu", ((Element) features.item(1)).getAttribute("name"));
        NodeList regs = doc.getElementsByTagName("reg");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i <= 30; i++) {
            expected.add("x" + i + "/64");
        }
        expected.add("sp/64");
        expected.add("pc/64");
        expected.add("cpsr/32");
        for (int i = 0; i < 32; i++) {
            expected.add("v" + i + "/128");
        }
        expected.add("fpsr/32");
        expected.add("fpcr/32");
        List<String> got = new ArrayList<>();
        for (int i = 0; i < regs.getLength(); i++) {
            Element e = (Element) regs.item(i);
            got.add(e.getAttribute("name") + "/" + e.getAttribute("bitsize"));
            assertEquals(String.valueOf(i), e.getAttribute("regnum"));
        }
        assertEquals(expected, got);
        assertEquals("E00", ask("qXfer:features:read:other.xml:0,100"));
    }

    @Test
    void registersReadAndWriteByNumberAndAll() throws Exception {
        Cpu c = cpu(0);
        c.x[5] = 0x1122334455667788L;
        c.pc = 0x40001000L;
        c.vreg[2] = 0x0807060504030201L;
        c.vreg[3] = 0x100f0e0d0c0b0a09L;
        c.setNzcv(0b0110);
        String g = ask("g");
        assertEquals(31 * 16 + 16 + 16 + 8 + 32 * 32 + 8 + 8, g.length());
        assertEquals("8877665544332211", g.substring(5 * 16, 6 * 16));
        assertEquals("8877665544332211", ask("p5"));
        assertEquals("0010004000000000", ask("p20"));
        assertEquals("0102030405060708090a0b0c0d0e0f10", ask("p23")); // v1 = register 35
        // cpsr: Z and C set (bits 30, 29), DAIF clear, EL1 (bits 3:2), SPSel 1
        assertEquals(RspPackets.hexLe(0x60000000L | 1 << 2 | 1, 4), ask("p21"));
        assertEquals("OK", ask("P0=efbeadde00000000"));
        assertEquals(0xdeadbeefL, c.x[0]);
        assertEquals("OK", ask("P21=" + RspPackets.hexLe(0x800003c5L, 4)));
        assertTrue(c.n);
        assertFalse(c.z);
        assertEquals(0x3c0, c.daif);
        assertEquals("OK", ask("P42=" + RspPackets.hexLe(0x08000000L, 4))); // fpsr.QC
        assertEquals(0x08000000, c.fpsr);
        assertEquals("E01", ask("p44"));
        // G writes back what g read
        String before = ask("g");
        c.x[7] = 99;
        assertEquals("OK", ask("G" + before));
        assertEquals(0, c.x[7]);
        assertEquals(before, ask("g"));
    }

    @Test
    void memoryThroughTranslationFaultsGiveE14() throws Exception {
        byte[] b = {1, 2, 3, 4};
        cpu(0).memory().write(RAM + 0x100, b, 0, 4);
        assertEquals("01020304", ask("m40000100,4"));
        assertEquals("OK", ask("M40000100,2:a5b6"));
        assertEquals("a5b60304", ask("m40000100,4"));
        assertEquals("E14", ask("m40080000,4"));
        // a read that runs into the fault returns what precedes it
        assertEquals(2 * 0x10, ask("m4007fff0,20").length());
        // a write that would fault writes nothing
        assertEquals("E14", ask("M4007fffe,4:01020304"));
        assertEquals("0000", ask("m4007fffe,2"));
        // X: binary data, escapes already undone by the decoder
        assertEquals("OK", ask("X40000200,3:\u0003}\u00ff"));
        assertEquals("037dff", ask("m40000200,3"));
        // not RAM at all (no device either): E14
        assertEquals("E14", ask("m20000000,4"));
    }

    @Test
    void memoryWritesDropDecodedInstructions() throws Exception {
        Cpu c = cpu(0);
        c.memory().write(RAM, new byte[] {0x1f, 0x20, 0x03, (byte) 0xd5}, 0, 4); // NOP
        var nop = c.fetch(RAM);
        assertEquals("OK", ask("M40000000,4:" + RspPackets.hexLe(0xd4000001L, 4))); // SVC #0
        assertTrue(nop != c.fetch(RAM), "the decoded NOP must not survive the write");
    }

    @Test
    void threadsAreCpus() throws Exception {
        assertEquals("m1,2", ask("qfThreadInfo"));
        assertEquals("l", ask("qsThreadInfo"));
        assertEquals("QC1", ask("qC"));
        assertEquals("OK", ask("T2"));
        assertEquals("E01", ask("T3"));
        cpu(1).x[0] = 42;
        assertEquals("OK", ask("Hg2"));
        assertEquals(RspPackets.hexLe(42, 8), ask("p0"));
        assertEquals("QC2", ask("qC"));
        assertEquals(RspPackets.hexText("CPU 1 EL1"), ask("qThreadExtraInfo,2"));
        assertEquals("OK", ask("Hg0"));
    }

    @Test
    void breakpointsAndWatchpointsGoToTheStopConditions() throws Exception {
        StopConditions sc = stub.conditions();
        assertEquals("OK", ask("Z0,40000100,4"));
        assertEquals("OK", ask("Z1,40000104,4"));
        assertTrue(sc.hasBreakpoints());
        assertEquals("OK", ask("Z2,40000200,8"));
        assertTrue(sc.watchesPage(0x40000L));
        assertFalse(sc.watchesPage(0x40001L));
        assertEquals("OK", ask("z2,40000200,8"));
        assertFalse(sc.hasWatchpoints());
        assertEquals("OK", ask("z0,40000100,4"));
        assertEquals("OK", ask("z1,40000104,4"));
        assertFalse(sc.hasBreakpoints());
        assertEquals("", ask("Z9,0,4"));
    }

    @Test
    void resumeRequestsAndStopReplies() throws Exception {
        target.next = new StopEvent(StopEvent.Reason.SW_BREAK, 1, 0x40000100L, 0);
        assertEquals("T05thread:2;swbreak:;", ask("vCont;c"));
        assertEquals(-1, target.stepCpu);
        assertTrue(target.othersRun);
        assertEquals("QC2", ask("qC")); // the stopping CPU becomes current
        assertEquals("T05thread:2;swbreak:;", ask("?"));

        target.next = StopEvent.of(StopEvent.Reason.STEP, 1);
        assertEquals("T05thread:2;", ask("vCont;s:2;c"));
        assertEquals(1, target.stepCpu);
        assertTrue(target.othersRun);
        ask("vCont;s:1");
        assertEquals(0, target.stepCpu);
        assertFalse(target.othersRun);

        target.next = new StopEvent(StopEvent.Reason.WATCH_WRITE, 0, 0x40000208L, 0);
        assertEquals("T05thread:1;watch:40000208;", ask("c"));
        target.next = new StopEvent(StopEvent.Reason.HW_BREAK, 0, 0x40000100L, 0);
        assertEquals("T05thread:1;hwbreak:;", ask("c40000100"));
        assertEquals(0x40000100L, cpu(0).pc);
        target.next = StopEvent.of(StopEvent.Reason.INTERRUPTED, 0);
        assertEquals("T02thread:1;", ask("s"));
        assertEquals(0, target.stepCpu);
        target.next = new StopEvent(StopEvent.Reason.ENDED, 0, 0, 45);
        assertEquals("W2d", ask("vCont;c"));
    }

    @Test
    void monitorCommandsPrintThroughConsoleOutput() throws Exception {
        assertEquals("OK", ask("qRcmd," + RspPackets.hexText("el")));
        assertEquals("EL1 (SPSel=1, SP_EL1) on CPU 0\n", lastConsoleOutput());
        long sctlr = SystemRegisters.standard().byName("SCTLR_EL1").read(cpu(0));
        ask("qRcmd," + RspPackets.hexText("sysreg sctlr_el1"));
        assertEquals(String.format("SCTLR_EL1 = 0x%016x%n", sctlr), lastConsoleOutput());
        ask("qRcmd," + RspPackets.hexText("sysreg NOPE_EL1"));
        assertTrue(lastConsoleOutput().startsWith("no readable system register NOPE_EL1"));
        cpu(0).memory().write(RAM + 0x10, new byte[] {(byte) 0xaa, (byte) 0xbb}, 0, 2);
        ask("qRcmd," + RspPackets.hexText("phys 0x40000010 2"));
        assertEquals("0x0000000040000010: aa bb\n", lastConsoleOutput());
        ask("qRcmd," + RspPackets.hexText("phys 0x20000000 2"));
        assertEquals("0x20000000 is not RAM\n", lastConsoleOutput());
    }

    /** The text of the last {@code O} packet the stub sent. */
    private String lastConsoleOutput() {
        String all = sent.toString(StandardCharsets.ISO_8859_1);
        int start = all.lastIndexOf("$O");
        int end = all.indexOf('#', start);
        return RspPackets.unhexText(all.substring(start + 2, end));
    }
}
