package dev.hvlab.bench;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.Op;
import dev.hvlab.core.decode.Decoder;
import dev.hvlab.core.isa.A64;
import dev.hvlab.core.mem.Page;
import dev.hvlab.core.mem.PhysicalMemory;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Costs of the pieces under the dispatch loop, in nanoseconds per operation: decoding one word
 * (what a decode-cache miss costs), a load that hits the software TLB, a store that hits it, and a
 * load that crosses a page boundary (the slow path, one byte at a time).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MicroBenchmark {
    private static final long RAM = 0x4000_0000L;
    private static final int WORDS = 4096;

    private final Decoder decoder = A64.decoder();
    private final int[] randomWords = new int[WORDS];
    private final int[] allocatedWords = new int[WORDS];
    private int next;
    private Cpu cpu;
    private long address;

    @Setup
    public void setUp() {
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < WORDS; i++) {
            randomWords[i] = r.nextInt();
        }
        for (int i = 0; i < WORDS; ) {
            int w = r.nextInt();
            if (decoder.isAllocated(w)) {
                allocatedWords[i++] = w;
            }
        }
        PhysicalMemory m = new PhysicalMemory();
        m.addRam(RAM, 64 * 1024);
        cpu = new Cpu(0, m, decoder);
    }

    /** Any 32-bit word, most of them unallocated or SIMD&FP: the decoder's reject path included. */
    @Benchmark
    public Op decodeRandomWord() {
        return decoder.decode(randomWords[next++ & (WORDS - 1)]);
    }

    /** Random words that the decoder accepts: pattern match plus building the Op. */
    @Benchmark
    public Op decodeAllocatedWord() {
        return decoder.decode(allocatedWords[next++ & (WORDS - 1)]);
    }

    /** An aligned 64-bit load within the first 16 pages of RAM, all present in the TLB. */
    @Benchmark
    public long tlbHitLoad() {
        address = (address + 0x208) & 0xFFF8;
        return cpu.read64(RAM + address);
    }

    @Benchmark
    public void tlbHitStore() {
        address = (address + 0x208) & 0xFFF8;
        cpu.write64(RAM + address, address);
    }

    /** A 64-bit load whose bytes straddle two pages, both present in the TLB. */
    @Benchmark
    public long pageCrossingLoad() {
        address = (address + Page.SIZE) & 0x7000;
        return cpu.read64(RAM + (address | (Page.SIZE - 4)));
    }
}
