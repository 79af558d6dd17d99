package dev.hvlab.core.user;

import dev.hvlab.core.mem.Page;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The stack a Linux process starts with (fs/binfmt_elf.c {@code create_elf_tables}): argc, the
 * argv and envp pointer arrays, the auxiliary vector, and above them the strings, the platform
 * name and the 16 AT_RANDOM bytes.
 *
 * <p>The layout is deterministic and byte-for-byte the one qemu-aarch64 7.2 builds, because qemu
 * is the oracle traces are diffed against (the initial SP and every pointer derived from it must
 * agree): the stack top is qemu's 0x5500801000; the platform string sits right below argv[0],
 * padded to 8 bytes; the random bytes below it, 16-aligned; the auxiliary vector in qemu's order.
 * Real Linux differs only in details no program may rely on: it 16-aligns before the platform
 * string, leaves the random bytes unaligned, orders the vector slightly differently, randomises
 * the stack top and adds AT_SYSINFO_EHDR (the vDSO, which hvlab does not provide) and
 * AT_MINSIGSTKSZ.
 */
final class InitialStack {
    /** The top of the stack mapping (qemu-user's for a 48-bit guest). */
    static final long STACK_TOP = 0x55_0080_1000L;
    /** RLIMIT_STACK's default, mapped at once (Linux grows the stack on demand up to it). */
    static final long STACK_SIZE = 8L << 20;

    // Auxiliary vector tags (include/uapi/linux/auxvec.h).
    static final int AT_NULL = 0;
    static final int AT_PHDR = 3;
    static final int AT_PHENT = 4;
    static final int AT_PHNUM = 5;
    static final int AT_PAGESZ = 6;
    static final int AT_BASE = 7;
    static final int AT_FLAGS = 8;
    static final int AT_ENTRY = 9;
    static final int AT_UID = 11;
    static final int AT_EUID = 12;
    static final int AT_GID = 13;
    static final int AT_EGID = 14;
    static final int AT_PLATFORM = 15;
    static final int AT_HWCAP = 16;
    static final int AT_CLKTCK = 17;
    static final int AT_SECURE = 23;
    static final int AT_RANDOM = 25;
    static final int AT_HWCAP2 = 26;
    static final int AT_EXECFN = 31;

    /**
     * AT_HWCAP of Linux 6.1 on a Cortex-A72 with the Cryptographic Extension
     * (arch/arm64/include/uapi/asm/hwcap.h): FP, ASIMD, EVTSTRM (the arch timer event stream is on
     * by default), AES, PMULL, SHA1, SHA2, CRC32, CPUID: all implemented (isa.Cryptography for the
     * Cryptographic Extension), as ID_AA64ISAR0_EL1 says.
     */
    static final long HWCAP_CORTEX_A72 = (1 << 0) | (1 << 1) | (1 << 2) | (1 << 3) | (1 << 4) | (1 << 5)
            | (1 << 6) | (1 << 7) | (1 << 11);
    static final String PLATFORM = "aarch64";
    static final int UID = 1000;
    static final int GID = 1000;
    static final int CLOCKS_PER_SEC = 100;
    private static final int PHENT = 56;

    /** Where things ended up: the initial SP and the addresses auxv points at. */
    record Layout(long sp, long argvStart, long envpStart, long auxvStart, long randomAddress, long execfnAddress) {
    }

    private InitialStack() {
    }

    static Layout build(AddressSpace as, ProgramLoader.Loaded prog, List<String> argv, List<String> env,
                        String execfn, byte[] random16) {
        as.map(STACK_TOP - STACK_SIZE, STACK_SIZE, AddressSpace.PROT_READ | AddressSpace.PROT_WRITE);
        long p = STACK_TOP - 8;
        p = putString(as, p, execfn);
        long execfnAddr = p;
        long[] envAddr = new long[env.size()];
        for (int i = env.size() - 1; i >= 0; i--) {
            p = putString(as, p, env.get(i));
            envAddr[i] = p;
        }
        long[] argAddr = new long[argv.size()];
        for (int i = argv.size() - 1; i >= 0; i--) {
            p = putString(as, p, argv.get(i));
            argAddr[i] = p;
        }
        byte[] plat = (PLATFORM + "\0").getBytes(StandardCharsets.ISO_8859_1);
        p -= (plat.length + 7) & ~7;
        store(as, p, plat);
        long platformAddr = p;
        p = (p & ~15L) - 16;
        store(as, p, random16);
        long randomAddr = p;

        long[][] aux = {
            {AT_PHDR, prog.phdr()}, {AT_PHENT, PHENT}, {AT_PHNUM, prog.phnum()}, {AT_PAGESZ, Page.SIZE},
            {AT_BASE, 0}, {AT_FLAGS, 0}, {AT_ENTRY, prog.entry()},
            {AT_UID, UID}, {AT_EUID, UID}, {AT_GID, GID}, {AT_EGID, GID},
            {AT_HWCAP, HWCAP_CORTEX_A72}, {AT_CLKTCK, CLOCKS_PER_SEC}, {AT_RANDOM, randomAddr},
            {AT_SECURE, 0}, {AT_EXECFN, execfnAddr}, {AT_HWCAP2, 0}, {AT_PLATFORM, platformAddr},
            {AT_NULL, 0},
        };
        int words = aux.length * 2 + argv.size() + env.size() + 2 + 1;
        long sp = (p - 8L * words) & ~15L;

        ByteArrayOutputStream table = new ByteArrayOutputStream();
        word(table, argv.size());
        for (long a : argAddr) {
            word(table, a);
        }
        word(table, 0);
        for (long a : envAddr) {
            word(table, a);
        }
        word(table, 0);
        for (long[] e : aux) {
            word(table, e[0]);
            word(table, e[1]);
        }
        store(as, sp, table.toByteArray());
        long argvStart = sp + 8;
        long envpStart = argvStart + 8L * (argv.size() + 1);
        return new Layout(sp, argvStart, envpStart, envpStart + 8L * (env.size() + 1), randomAddr, execfnAddr);
    }

    private static long putString(AddressSpace as, long p, String s) {
        byte[] b = (s + "\0").getBytes(StandardCharsets.UTF_8);
        p -= b.length;
        store(as, p, b);
        return p;
    }

    private static void store(AddressSpace as, long va, byte[] b) {
        if (!as.write(va, b)) {
            throw new GuestTermination("hvlab user: argument list too long for the 8 MiB stack", 126);
        }
    }

    private static void word(ByteArrayOutputStream out, long v) {
        for (int i = 0; i < 8; i++) {
            out.write((int) (v >>> (8 * i)));
        }
    }
}
