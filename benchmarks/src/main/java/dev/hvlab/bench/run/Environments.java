package dev.hvlab.bench.run;

import dev.hvlab.core.config.UserInputException;
import dev.hvlab.core.spi.HypervisorProvider;
import dev.hvlab.core.spi.Providers;
import java.util.List;

/** Environment names: {@code none} (or {@code native}) for the bare board, else a hypervisor model. */
public final class Environments {
    /** The names that mean the bare board. */
    public static final List<String> NATIVE = List.of(Native.NAME, "native");

    private Environments() {
    }

    /**
     * The bare board and every hypervisor model that exists, in name order, Xen twice (its
     * workload as dom0 and as a dom0less domU): the default matrix.
     */
    public static List<String> available() {
        List<String> names = new java.util.ArrayList<>();
        names.add(Native.NAME);
        for (HypervisorProvider p : Providers.hypervisors()) {
            if (p.create(null) != null) {
                names.add(p.name());
                if (p.name().equals(Xen.NAME)) {
                    names.add(XenDomU.NAME);
                }
            }
        }
        return names;
    }

    /**
     * What each environment of {@link #available} runs (and {@code kvm-vhe} after {@code kvm}), for
     * {@code hvlab info}: name to one line.
     */
    public static java.util.Map<String, String> descriptions() {
        java.util.Map<String, String> d = new java.util.LinkedHashMap<>();
        for (String name : available()) {
            d.put(name, describe(name));
            if (name.equals(Kvm.NAME)) {
                d.put(Kvm.NAME_VHE, describe(Kvm.NAME_VHE));
            }
        }
        return d;
    }

    private static String describe(String name) {
        return switch (name) {
            case Native.NAME -> "the bare board: the image enters at EL2 and runs at EL1 beneath its own trivial EL2";
            case "jailhouse" -> "the Jailhouse root cell with every CPU (Linux: all memory but Jailhouse's)";
            case Kvm.NAME -> "a KVM guest in split mode (Linux: a vCPU per CPU, pinned; console on virtio)";
            case Kvm.NAME_VHE -> "the same KVM guest with VHE (an ARMv8.1 what-if on this ARMv8.0 board)";
            case Xen.NAME -> "Xen's dom0 (credit2, vwfi=trap, the A53s only: the A72s are parked without hmp-unsafe)";
            case XenDomU.NAME -> "a dom0less Xen domU without dom0 (Xen's guest layout, console on the vpl011)";
            case Xvisor.NAME -> "Xvisor's one guest (Linux: console on the emulated PL011)";
            default -> "the model with its default configuration";
        };
    }

    /** The canonical name: {@code native} becomes {@code none}; other names are kept. */
    public static String canonical(String name) {
        return NATIVE.contains(name) ? Native.NAME : name;
    }

    /**
     * A fresh environment for one run. An unknown hypervisor name is a user error listing the known
     * models; a known model that does not exist yet says so in one line. Jailhouse's null
     * hypercall is its own ABI's, Xvisor's PSCI_VERSION over HVC #0; every other model's is SMCCC over HVC #0
     * (start.S, hv_abi).
     */
    public static Environment of(String name) {
        if (NATIVE.contains(name)) {
            return new Native();
        }
        if (name.equals(Kvm.NAME) || name.equals(Kvm.NAME_VHE)) {
            return new Kvm(name.equals(Kvm.NAME_VHE));
        }
        if (Xvisor.NAME.equals(name)) {
            return new Xvisor();
        }
        if (name.equals(Xen.NAME)) {
            return new Xen();
        }
        if (name.equals(XenDomU.NAME)) {
            return new XenDomU();
        }
        HypervisorProvider provider = Providers.hypervisor(name);
        if (provider.create(null) == null) {
            throw new UserInputException("hypervisor '" + name + "': the model is not available yet; use none");
        }
        return new ModelEnvironment(provider, name.equals("jailhouse") ? 1 : 0);
    }
}
