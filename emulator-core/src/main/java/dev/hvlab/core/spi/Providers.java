package dev.hvlab.core.spi;

import dev.hvlab.core.config.BoardConfig;
import dev.hvlab.core.config.UserInputException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * Discovery of the hypervisor models and boards on the class path, through {@link ServiceLoader}.
 * Results are sorted by name; two providers claiming one name is a packaging error and fails.
 */
public final class Providers {
    private Providers() {
    }

    public static List<HypervisorProvider> hypervisors() {
        return hypervisors(Providers.class.getClassLoader());
    }

    public static List<HypervisorProvider> hypervisors(ClassLoader loader) {
        List<HypervisorProvider> all = new ArrayList<>();
        ServiceLoader.load(HypervisorProvider.class, loader).forEach(all::add);
        return sortedUnique(all, HypervisorProvider::name, "hypervisor model");
    }

    public static List<BoardConfig> boards() {
        return boards(Providers.class.getClassLoader());
    }

    public static List<BoardConfig> boards(ClassLoader loader) {
        List<BoardConfig> all = new ArrayList<>();
        ServiceLoader.load(BoardProvider.class, loader).forEach(p -> all.addAll(p.boards()));
        return sortedUnique(all, BoardConfig::name, "board");
    }

    /** The hypervisor model called {@code name}; an unknown name is a user error listing the known. */
    public static HypervisorProvider hypervisor(String name) {
        return find(hypervisors(), HypervisorProvider::name, name, "hypervisor model");
    }

    /** The board called {@code name}; an unknown name is a user error listing the known ones. */
    public static BoardConfig board(String name) {
        return find(boards(), BoardConfig::name, name, "board");
    }

    private static <T> T find(List<T> all, Function<T, String> name, String wanted, String what) {
        Optional<T> hit = all.stream().filter(t -> name.apply(t).equals(wanted)).findFirst();
        return hit.orElseThrow(() -> new UserInputException("unknown " + what + " '" + wanted + "' (known: "
                + (all.isEmpty() ? "none" : String.join(", ", all.stream().map(name).toList())) + ")"));
    }

    private static <T> List<T> sortedUnique(List<T> all, Function<T, String> name, String what) {
        Map<String, T> seen = new HashMap<>();
        for (T t : all) {
            T before = seen.put(name.apply(t), t);
            if (before != null) {
                throw new IllegalStateException("two " + what + "s are named '" + name.apply(t) + "': "
                        + before.getClass().getName() + " and " + t.getClass().getName());
            }
        }
        all.sort(Comparator.comparing(name));
        return List.copyOf(all);
    }
}
