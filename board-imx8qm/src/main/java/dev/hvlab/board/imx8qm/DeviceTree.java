package dev.hvlab.board.imx8qm;

import dev.hvlab.core.config.BoardConfig;
import dev.hvlab.core.fdt.Fdt;
import dev.hvlab.core.fdt.FdtNode;
import dev.hvlab.core.gic.Redistributors;
import dev.hvlab.core.timer.GenericTimer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;

/**
 * The device tree a board gives its guests, generated from its config (the table that also wires
 * the devices): memory, cpus with PSCI and cpu-map, psci, the GICv3, the generic timer, each device
 * of the config ({@link DeviceRegistry}), fixed clocks, aliases and chosen. Follows the Devicetree
 * Specification v0.4 and the Linux bindings (arm/cpus.yaml, arm/psci.yaml, arm,gic-v3.yaml,
 * arm,arch_timer.yaml, serial/fsl-lpuart.yaml, serial/pl011.yaml).
 */
public final class DeviceTree {
    private DeviceTree() {
    }

    /** What /chosen says: the command line and the initrd (start = end = 0 when there is none). */
    public record Chosen(String bootargs, long initrdStart, long initrdEnd) {
        public static final Chosen NONE = new Chosen("", 0, 0);
    }

    /** The tree of {@code config} with its first {@code cpuCount} CPUs. */
    public static Fdt generate(BoardConfig config, int cpuCount, Chosen chosen) {
        Builder b = new Builder(config, cpuCount);
        FdtNode root = b.root();
        root.strings("model", "hvlab " + config.description());
        root.strings("compatible", compatible(config));
        root.cells("#address-cells", 2);
        root.cells("#size-cells", 2);
        if (DeviceRegistry.firstOfType(config, DeviceRegistry.GICV3_DISTRIBUTOR) != null) {
            root.cells("interrupt-parent", b.gicPhandle);
        }
        for (BoardConfig.Ram r : config.ram()) {
            FdtNode m = root.child(unitName("memory", r.base()));
            m.strings("device_type", "memory");
            m.cells64("reg", r.base(), r.size());
        }
        cpus(b, root);
        FdtNode psci = root.child("psci");
        psci.strings("compatible", "arm,psci-1.0", "arm,psci-0.2");
        psci.strings("method", "smc");
        timer(root);
        for (BoardConfig.Device d : config.devices()) {
            DeviceRegistry.type(config, d).describe(b, d);
        }
        if (!b.serials.isEmpty()) {
            FdtNode aliases = root.child("aliases");
            for (int i = 0; i < b.serials.size(); i++) {
                aliases.strings("serial" + i, b.serials.get(i));
            }
        }
        FdtNode chosenNode = root.child("chosen");
        if (!b.serials.isEmpty()) {
            chosenNode.strings("stdout-path", b.serials.get(0));
        }
        if (chosen.bootargs() != null && !chosen.bootargs().isEmpty()) {
            chosenNode.strings("bootargs", chosen.bootargs());
        }
        if (chosen.initrdEnd() > chosen.initrdStart()) {
            chosenNode.cells64("linux,initrd-start", chosen.initrdStart());
            chosenNode.cells64("linux,initrd-end", chosen.initrdEnd());
        }
        chosenNode.bytes("rng-seed", rngSeed());
        return b.fdt;
    }

    /** Bytes of /chosen/rng-seed: 64, so that Linux credits 512 bits, twice what its CRNG needs. */
    public static final int RNG_SEED_BYTES = 64;

    /**
     * The /chosen/rng-seed a bootloader passes (dtschema chosen.yaml: "entropy to add device
     * randomness"; U-Boot and QEMU's virt board write one). Linux mixes it in at boot and, as
     * Debian's kernel trusts the bootloader (RANDOM_TRUST_BOOTLOADER), credits it, so its CRNG is
     * ready from the start. Without it nothing on this board gives Linux entropy early (no RNDR on
     * ARMv8.0, no hardware RNG modelled, no SMCCC TRNG): the CRNG stays unseeded until about 16,000
     * interrupts have been counted, and until then every get_random_*() extracts from the input
     * pool and runs the fast key erasure (about 10,000 instructions), which Linux does on every
     * system call (the random kernel stack offset). Fixed bytes (SHA-256 of a label and a counter),
     * so that runs stay deterministic: a seed for entropy accounting, not for secrecy.
     */
    public static byte[] rngSeed() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] seed = new byte[RNG_SEED_BYTES];
            for (int i = 0; i * 32 < RNG_SEED_BYTES; i++) {
                sha.update(("hvlab rng-seed " + i).getBytes(StandardCharsets.US_ASCII));
                System.arraycopy(sha.digest(), 0, seed, i * 32, Math.min(32, RNG_SEED_BYTES - i * 32));
            }
            return seed;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    private static String[] compatible(BoardConfig config) {
        return switch (config.name()) {
            case "imx8qm" -> new String[] {"fsl,imx8qm-mek", "fsl,imx8qm"};
            case "virt-compat" -> new String[] {"linux,dummy-virt"};
            default -> new String[] {"hvlab," + config.name()};
        };
    }

    /** The MPIDR affinity (Aff1.Aff0) of the board's CPU {@code index}, in cluster order. */
    static int affinity(BoardConfig config, int index) {
        int i = index;
        for (BoardConfig.Cluster c : config.clusters()) {
            if (i < c.cpus()) {
                return (c.mpidrAff1() << 8) | i;
            }
            i -= c.cpus();
        }
        throw new IllegalArgumentException("board '" + config.name() + "' has no CPU " + index);
    }

    static BoardConfig.Cluster clusterOf(BoardConfig config, int index) {
        int i = index;
        for (BoardConfig.Cluster c : config.clusters()) {
            if (i < c.cpus()) {
                return c;
            }
            i -= c.cpus();
        }
        throw new IllegalArgumentException("board '" + config.name() + "' has no CPU " + index);
    }

    private static void cpus(Builder b, FdtNode root) {
        FdtNode cpus = root.child("cpus");
        cpus.cells("#address-cells", 1);
        cpus.cells("#size-cells", 0);
        int[] phandles = new int[b.cpuCount];
        for (int i = 0; i < b.cpuCount; i++) {
            int aff = affinity(b.config, i);
            FdtNode c = cpus.child("cpu@" + Integer.toHexString(aff));
            c.strings("device_type", "cpu");
            c.strings("compatible", "arm," + clusterOf(b.config, i).coreType());
            c.cells("reg", aff);
            c.strings("enable-method", "psci");
            phandles[i] = b.newPhandle();
            c.cells("phandle", phandles[i]);
        }
        FdtNode map = cpus.child("cpu-map");
        int index = 0;
        int clusterNumber = 0;
        for (BoardConfig.Cluster cl : b.config.clusters()) {
            if (index >= b.cpuCount) {
                break;
            }
            FdtNode cluster = map.child("cluster" + clusterNumber++);
            for (int core = 0; core < cl.cpus() && index < b.cpuCount; core++, index++) {
                cluster.child("core" + core).cells("cpu", phandles[index]);
            }
        }
    }

    /** arm,armv8-timer: secure, non-secure physical, virtual, hypervisor PPIs, level-low as on the i.MX 8QM. */
    private static void timer(FdtNode root) {
        FdtNode t = root.child("timer");
        t.strings("compatible", "arm,armv8-timer");
        int ppi = DeviceRegistry.GIC_PPI;
        int low = DeviceRegistry.LEVEL_LOW;
        t.cells("interrupts",
                ppi, GenericTimer.PPI_SECURE_PHYSICAL - 16, low,
                ppi, GenericTimer.PPI_EL1_PHYSICAL - 16, low,
                ppi, GenericTimer.PPI_VIRTUAL - 16, low,
                ppi, GenericTimer.PPI_EL2_PHYSICAL - 16, low);
    }

    /** {@code name@hex}: the unit address is the first reg address, without leading zeros. */
    static String unitName(String name, long base) {
        return name + "@" + Long.toHexString(base);
    }

    /** The tree under construction, for the device types' {@link DeviceType#describe}. */
    static final class Builder {
        final Fdt fdt = new Fdt();
        final BoardConfig config;
        final int cpuCount;
        final int gicPhandle;
        private int nextPhandle = 1;
        private final Map<String, Integer> clocks = new HashMap<>();
        final java.util.List<String> serials = new java.util.ArrayList<>();

        Builder(BoardConfig config, int cpuCount) {
            this.config = config;
            this.cpuCount = cpuCount;
            this.gicPhandle = newPhandle();
        }

        FdtNode root() {
            return fdt.root();
        }

        int newPhandle() {
            return nextPhandle++;
        }

        long redistributorSize() {
            return cpuCount * Redistributors.FRAME_SIZE;
        }

        /** A fixed-clock node named {@code name} (one per name), returning its phandle. */
        int fixedClock(String name, long hz) {
            Integer p = clocks.get(name);
            if (p != null) {
                return p;
            }
            int ph = newPhandle();
            FdtNode c = root().child(name);
            c.strings("compatible", "fixed-clock");
            c.cells("#clock-cells", 0);
            c.cells("clock-frequency", (int) hz);
            c.strings("clock-output-names", name);
            c.cells("phandle", ph);
            clocks.put(name, ph);
            return ph;
        }

        void addSerial(FdtNode n) {
            serials.add("/" + n.name());
        }
    }
}
