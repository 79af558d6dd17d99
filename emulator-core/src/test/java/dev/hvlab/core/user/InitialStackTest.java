package dev.hvlab.core.user;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hvlab.core.loader.ElfFile;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The initial stack against qemu-aarch64's: the {@code stackdump} guest writes every byte from
 * its initial SP to the stack top. Fields that legitimately differ are masked: the AT_RANDOM
 * bytes (qemu's are random), AT_HWCAP (qemu 7.2 leaves out EVTSTRM, which Linux sets) and the
 * user and group ids (qemu passes the host's).
 */
class InitialStackTest {
    private static final PrintStream NULL = new PrintStream(OutputStream.nullOutputStream());

    static byte[] hvlabStack(List<String> argv, List<String> env) throws Exception {
        ElfFile elf = ElfFile.read(GuestFiles.path("stackdump"));
        UserMode.Options o = UserMode.Options.defaults().withEnv(env);
        UserProcess p = new UserProcess(elf, argv, o, NULL, NULL, MiniIsa.decoder(), "/x");
        long sp = p.initialSp();
        return p.addressSpace().read(sp, (int) (InitialStack.STACK_TOP - sp));
    }

    /** Zeroes what may differ, locating it through the auxiliary vector of the dump itself. */
    static byte[] mask(byte[] stack) {
        byte[] b = stack.clone();
        ByteBuffer w = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long sp = InitialStack.STACK_TOP - b.length;
        int i = 8 * (int) (w.getLong(0) + 2); // past argc and argv[]
        while (w.getLong(i) != 0) {
            i += 8;
        }
        i += 8; // past envp[]
        for (; w.getLong(i) != InitialStack.AT_NULL; i += 16) {
            long tag = w.getLong(i);
            if (tag == InitialStack.AT_RANDOM) {
                int at = (int) (w.getLong(i + 8) - sp);
                java.util.Arrays.fill(b, at, at + 16, (byte) 0);
            }
            if (tag == InitialStack.AT_HWCAP || (tag >= InitialStack.AT_UID && tag <= InitialStack.AT_EGID)) {
                w.putLong(i + 8, 0);
            }
        }
        return b;
    }

    @Test
    void matchesTheStackQemuBuiltForTheSameArguments() throws Exception {
        byte[] expected = GuestFiles.bytes("stackdump.expected");
        byte[] actual = hvlabStack(List.of("./stackdump", "one", "two words"), List.of());
        assertEquals(expected.length, actual.length, "initial SP relative to the stack top");
        assertArrayEquals(mask(expected), mask(actual));
    }

    @Test
    void matchesQemuLiveWithAnEnvironment() throws Exception {
        Assumptions.assumeTrue(GuestFiles.qemuInstalled(), "qemu-aarch64 not installed");
        List<String> env = List.of("HOME=/home/hv", "A=1", "LONGER_VARIABLE=some value with spaces");
        List<String> args = new ArrayList<>(List.of("./stackdump"));
        for (int n = 0; n < 6; n++) {
            args.add("x".repeat(n * 3 + 1)); // vary the string area's length across alignments
            byte[] expected = GuestFiles.qemu("stackdump", List.of(), env, args.subList(1, args.size())
                    .toArray(new String[0])).stdout();
            // qemu keeps its environment in a list built by insertion at the head, so the guest
            // sees it in reverse order; Linux (and hvlab) keep the order given.
            List<String> reversed = new ArrayList<>(env);
            java.util.Collections.reverse(reversed);
            byte[] actual = hvlabStack(args, reversed);
            assertArrayEquals(mask(expected), mask(actual), "arguments " + args);
        }
    }

    @Test
    void auxvAdvertisesTheCortexA72Hwcaps() throws Exception {
        ByteBuffer w = ByteBuffer.wrap(hvlabStack(List.of("p"), List.of())).order(ByteOrder.LITTLE_ENDIAN);
        // argc=1, argv[0], NULL, envp NULL, then the first auxv entry is AT_PHDR.
        assertEquals(1, w.getLong(0));
        assertEquals(InitialStack.AT_PHDR, w.getLong(32));
        long hwcap = -1;
        for (int i = 32; w.getLong(i) != 0; i += 16) {
            if (w.getLong(i) == InitialStack.AT_HWCAP) {
                hwcap = w.getLong(i + 8);
            }
        }
        // fp asimd evtstrm aes pmull sha1 sha2 crc32 cpuid, as /proc/cpuinfo lists them on an A72.
        assertEquals(0x8FFL, hwcap);
    }

    @Test
    void theLayoutIsDeterministic() throws Exception {
        assertArrayEquals(hvlabStack(List.of("p", "a"), List.of("X=1")), hvlabStack(List.of("p", "a"), List.of("X=1")));
    }
}
