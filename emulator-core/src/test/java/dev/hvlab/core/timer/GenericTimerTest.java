package dev.hvlab.core.timer;

import static dev.hvlab.core.sysreg.SystemRegisterFile.TIMER_HYP;
import static dev.hvlab.core.sysreg.SystemRegisterFile.TIMER_PHYS;
import static dev.hvlab.core.sysreg.SystemRegisterFile.TIMER_SECURE;
import static dev.hvlab.core.sysreg.SystemRegisterFile.TIMER_VIRT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.asm.Assembler;
import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.isa.A64;
import dev.hvlab.core.mem.PhysicalMemory;
import dev.hvlab.core.sysreg.SystemRegisterFile;
import dev.hvlab.core.sysreg.SystemRegisters;
import dev.hvlab.core.time.EventQueue;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The generic timer against the ARM ARM's definitions (D11.1.2 "The system counter", D11.2.4
 * "Operation of the CompareValue views"): at 8 MHz one tick is 125,000 ps, so a timer whose CVAL
 * is N fires at exactly N * 125,000 ps of simulated time, on its PPI (30, 27, 26, 29).
 */
class GenericTimerTest {
    private static final SystemRegisters TABLE = SystemRegisters.standard();
    private static final long TICK_PS = 125_000L; // 10^12 / 8 MHz

    private final EventQueue queue = new EventQueue();
    private final List<String> ppiLog = new ArrayList<>();
    private final boolean[][] ppi = new boolean[2][32];
    private final GenericTimer timer = new GenericTimer(queue, GenericTimer.IMX8QM_FREQUENCY_HZ, (cpu, intid, level) -> {
        ppiLog.add(cpu + ":" + intid + ":" + level);
        ppi[cpu][intid] = level;
    });
    private final PhysicalMemory memory = new PhysicalMemory();
    private final Cpu cpu0 = new Cpu(0, memory, A64.decoder());
    private final Cpu cpu1 = new Cpu(1, memory, A64.decoder());

    GenericTimerTest() {
        timer.attach(cpu0);
        timer.attach(cpu1);
        cpu0.el = 3;
        cpu1.el = 3;
    }

    private static void write(Cpu cpu, String name, long v) {
        TABLE.byName(name).write(cpu, v);
    }

    private static long read(Cpu cpu, String name) {
        return TABLE.byName(name).read(cpu);
    }

    private static String prefix(int t) {
        return switch (t) {
            case TIMER_PHYS -> "CNTP_%s_EL0";
            case TIMER_VIRT -> "CNTV_%s_EL0";
            case TIMER_HYP -> "CNTHP_%s_EL2";
            default -> "CNTPS_%s_EL1";
        };
    }

    private static String reg(int t, String what) {
        return String.format(prefix(t), what);
    }

    @Test
    void attachSetsCntfrqAndTheCounterFollowsSimulatedTime() {
        assertEquals(8_000_000L, read(cpu0, "CNTFRQ_EL0"));
        assertEquals(0, read(cpu0, "CNTPCT_EL0"));
        queue.advanceTo(TICK_PS - 1);
        assertEquals(0, read(cpu0, "CNTPCT_EL0"), "a tick is counted once it has fully elapsed");
        queue.advanceTo(1_000_000L); // 1 us = 8 ticks
        assertEquals(8, read(cpu0, "CNTPCT_EL0"));
        write(cpu0, "CNTVOFF_EL2", 3);
        assertEquals(5, read(cpu0, "CNTVCT_EL0"));
    }

    @ParameterizedTest(name = "timer {0} -> PPI {1}")
    @CsvSource({"0, 30", "1, 27", "2, 26", "3, 29"})
    void eachTimerFiresAtTheExactProgrammedTimeOnItsPpi(int t, int intid) {
        assertEquals(intid, GenericTimer.ppiOf(t));
        write(cpu1, reg(t, "CVAL"), 1000);
        write(cpu1, reg(t, "CTL"), 1); // ENABLE
        assertTrue(ppiLog.isEmpty(), "not yet met: line stays low");
        assertEquals(1000 * TICK_PS, timer.expiryEvent(1, t).time());
        queue.advanceTo(1000 * TICK_PS - 1);
        assertFalse(ppi[1][intid]);
        assertEquals(0, read(cpu1, reg(t, "CTL")) & 4, "ISTATUS clear before CVAL");
        queue.advanceTo(1000 * TICK_PS);
        assertEquals(List.of("1:" + intid + ":true"), ppiLog);
        assertEquals(5, read(cpu1, reg(t, "CTL")), "ENABLE | ISTATUS");
        assertFalse(ppi[0][intid], "CPU 0's timer is separate");
    }

    @Test
    void imaskHoldsTheLineLowWhileIstatusStillReads() {
        write(cpu0, "CNTP_CVAL_EL0", 10);
        write(cpu0, "CNTP_CTL_EL0", 3); // ENABLE | IMASK
        assertFalse(timer.expiryEvent(0, TIMER_PHYS).isScheduled(), "masked: nothing to signal");
        queue.advanceTo(20 * TICK_PS);
        assertFalse(ppi[0][30]);
        assertEquals(7, read(cpu0, "CNTP_CTL_EL0"), "ISTATUS is set regardless of IMASK");
        write(cpu0, "CNTP_CTL_EL0", 1);
        assertTrue(ppi[0][30], "unmasking a met timer raises the line at once");
        write(cpu0, "CNTP_CTL_EL0", 3);
        assertFalse(ppi[0][30]);
        write(cpu0, "CNTP_CTL_EL0", 1);
        write(cpu0, "CNTP_CTL_EL0", 0);
        assertFalse(ppi[0][30], "disabling lowers it");
        assertEquals(0, read(cpu0, "CNTP_CTL_EL0"), "ISTATUS reads 0 while disabled");
    }

    @Test
    void tvalIsASigned32BitOffsetFromTheCurrentCount() {
        queue.advanceTo(100 * TICK_PS);
        write(cpu0, "CNTP_CTL_EL0", 1);
        write(cpu0, "CNTP_TVAL_EL0", 0xFFFF_FFF6L); // -10
        assertEquals(90, read(cpu0, "CNTP_CVAL_EL0"), "CVAL = count + SignExtend(TVAL)");
        assertTrue(ppi[0][30], "a negative TVAL is already met");
        write(cpu0, "CNTP_TVAL_EL0", 50);
        assertEquals(150, read(cpu0, "CNTP_CVAL_EL0"));
        assertFalse(ppi[0][30], "rewriting the compare value lowers the line");
        assertEquals(150 * TICK_PS, timer.expiryEvent(0, TIMER_PHYS).time());
        queue.advanceTo(120 * TICK_PS);
        assertEquals(30, read(cpu0, "CNTP_TVAL_EL0"));
        queue.advanceTo(150 * TICK_PS);
        assertTrue(ppi[0][30]);
        queue.advanceTo(160 * TICK_PS);
        assertEquals(0xFFFF_FFF6L, read(cpu0, "CNTP_TVAL_EL0"), "TVAL counts down past zero");
    }

    @Test
    void cntvoffMovesTheVirtualTimerOnly() {
        queue.advanceTo(60 * TICK_PS); // before that, physical - 50 wraps to a huge unsigned count: met
        write(cpu0, "CNTVOFF_EL2", 50);
        write(cpu0, "CNTV_CVAL_EL0", 100);
        write(cpu0, "CNTV_CTL_EL0", 1);
        write(cpu0, "CNTP_CVAL_EL0", 100);
        write(cpu0, "CNTP_CTL_EL0", 1);
        assertEquals(150 * TICK_PS, timer.expiryEvent(0, TIMER_VIRT).time(), "virtual count = physical - 50");
        queue.advanceTo(100 * TICK_PS);
        assertTrue(ppi[0][30]);
        assertFalse(ppi[0][27]);
        queue.advanceTo(150 * TICK_PS);
        assertTrue(ppi[0][27]);
        write(cpu0, "CNTVOFF_EL2", 100);
        assertFalse(ppi[0][27], "a larger offset makes the condition false again");
        assertEquals(200 * TICK_PS, timer.expiryEvent(0, TIMER_VIRT).time());
        write(cpu0, "CNTVOFF_EL2", -1000L);
        assertTrue(ppi[0][27], "a negative offset puts the virtual count ahead");
        assertTrue(ppi[0][30], "the physical timer never saw the offset");
    }

    @Test
    void aVirtualCountBelowZeroIsAHugeUnsignedValueSoTheConditionIsMet() {
        write(cpu0, "CNTVOFF_EL2", 50); // CNTVCT = 0 - 50 = 2^64 - 50
        write(cpu0, "CNTV_CVAL_EL0", 100);
        write(cpu0, "CNTV_CTL_EL0", 1);
        assertTrue(ppi[0][27], "D11.2.4: CVAL and the count compare as unsigned 64-bit values");
    }

    @Test
    void compareValuesBeyondSimulatedTimeNeverFire() {
        write(cpu0, "CNTP_CVAL_EL0", -1L); // 2^64 - 1, unsigned
        write(cpu0, "CNTP_CTL_EL0", 1);
        assertFalse(timer.expiryEvent(0, TIMER_PHYS).isScheduled());
        assertFalse(ppi[0][30]);
        write(cpu0, "CNTV_CVAL_EL0", Long.MAX_VALUE / 2);
        write(cpu0, "CNTV_CTL_EL0", 1);
        assertFalse(timer.expiryEvent(0, TIMER_VIRT).isScheduled(), "tick * 125000 ps overflows");
    }

    @Test
    void theCpuReadsAndProgramsTheCounterAtItsOwnLocalTime() {
        long[] ahead = {0};
        EventQueue q = new EventQueue();
        List<String> log = new ArrayList<>();
        GenericTimer t = new GenericTimer(q, 8_000_000L, i -> q.now() + ahead[0],
                (c, id, level) -> log.add(c + ":" + id + ":" + level));
        Cpu cpu = new Cpu(0, memory, A64.decoder());
        cpu.el = 1;
        t.attach(cpu);
        ahead[0] = 40 * TICK_PS; // the CPU is 40 ticks into its quantum
        assertEquals(40, read(cpu, "CNTPCT_EL0"));
        write(cpu, "CNTP_TVAL_EL0", 10);
        write(cpu, "CNTP_CTL_EL0", 1);
        assertEquals(50, read(cpu, "CNTP_CVAL_EL0"));
        assertEquals(50 * TICK_PS, t.expiryEvent(0, TIMER_PHYS).time());
        write(cpu, "CNTP_TVAL_EL0", -5);
        assertEquals(List.of("0:30:true"), log, "met in the CPU's own time, before the queue caught up");
    }

    @Test
    void frequenciesThatDoNotDivideAPicosecondFireOnTheFirstPicosecondTheCountIsReached() {
        long hz = 24_000_000L;
        EventQueue q = new EventQueue();
        GenericTimer t = new GenericTimer(q, hz, (c, id, level) -> { });
        for (long n : new long[] {1, 2, 3, 1000, 123_456_789}) {
            // ceil(n * 10^12 / hz), from the definition count(t) = floor(t * hz / 10^12)
            BigInteger[] qr = BigInteger.valueOf(n).multiply(BigInteger.valueOf(EventQueue.PS_PER_SECOND))
                    .divideAndRemainder(BigInteger.valueOf(hz));
            long expected = qr[0].longValueExact() + (qr[1].signum() != 0 ? 1 : 0);
            assertEquals(expected, t.timeOfCount(n), "count " + n);
            assertEquals(n, t.countAt(expected));
            assertEquals(n - 1, t.countAt(expected - 1));
        }
    }

    @Test
    void anMsrExecutedByTheCpuProgramsTheTimer() {
        memory.addRam(0x4000_0000L, 1 << 16);
        Assembler a = new Assembler(0x4000_0000L)
                .mov(1, 25)
                .msr(Assembler.sysreg(3, 3, 14, 3, 2), 1) // CNTV_CVAL_EL0
                .mov(2, 1)
                .msr(Assembler.sysreg(3, 3, 14, 3, 1), 2) // CNTV_CTL_EL0
                .mrs(3, Assembler.sysreg(3, 3, 14, 3, 1));
        byte[] code = a.bytes();
        memory.write(0x4000_0000L, code, 0, code.length);
        cpu0.el = 1;
        cpu0.spSel = 1;
        cpu0.sysregs.scrEl3 |= SystemRegisterFile.SCR_NS;
        cpu0.pc = 0x4000_0000L;
        cpu0.setExceptionHandler((c, e) -> {
            throw new AssertionError("unexpected exception " + e.getMessage());
        });
        cpu0.run(a.size());
        assertEquals(1, cpu0.x[3], "ENABLE, ISTATUS clear at count 0");
        assertEquals(25 * TICK_PS, timer.expiryEvent(0, TIMER_VIRT).time());
        queue.advanceTo(25 * TICK_PS);
        assertTrue(ppi[0][27]);
        assertFalse(ppi[1][27]);
        assertEquals(List.of("0:27:true"), ppiLog);
    }

    @Test
    void secureTimerAndHypTimerAreIndependentOfTheOthers() {
        write(cpu0, "CNTHP_CVAL_EL2", 5);
        write(cpu0, "CNTHP_CTL_EL2", 1);
        write(cpu0, "CNTPS_CVAL_EL1", 7);
        write(cpu0, "CNTPS_CTL_EL1", 1);
        queue.advanceTo(6 * TICK_PS);
        assertTrue(ppi[0][26]);
        assertFalse(ppi[0][29]);
        queue.advanceTo(7 * TICK_PS);
        assertTrue(ppi[0][29]);
        assertEquals(List.of("0:26:true", "0:29:true"), ppiLog);
        assertTrue(timer.outputLevel(0, TIMER_SECURE));
    }
}
