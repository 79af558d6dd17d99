package dev.hvlab.bench.run;

import dev.hvlab.core.config.UserInputException;
import dev.hvlab.core.spi.Providers;
import java.util.List;

/** Environment names: {@code none} (or {@code native}) for the bare board, else a hypervisor model. */
public final class Environments {
    /** The names that mean the bare board. */
    public static final List<String> NATIVE = List.of(Native.NAME, "native");

    private Environments() {
    }

    /** The canonical name: {@code native} becomes {@code none}; other names are kept. */
    public static String canonical(String name) {
        return NATIVE.contains(name) ? Native.NAME : name;
    }

    /**
     * A fresh environment for one run. An unknown hypervisor name is a user error listing the known
     * models; a known model whose EL2 side does not exist yet (issue 10) says so in one line.
     */
    public static Environment of(String name) {
        if (NATIVE.contains(name)) {
            return new Native();
        }
        if (name.equals(Kvm.NAME) || name.equals(Kvm.NAME_VHE)) {
            return new Kvm(name.equals(Kvm.NAME_VHE));
        }
        Providers.hypervisor(name);
        throw new UserInputException("hypervisor '" + name
                + "': the model cannot run workloads yet (issue 10); use none");
    }
}
