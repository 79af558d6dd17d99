package dev.hvlab.cli.arch;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import java.util.List;

/**
 * The module rules of docs/ARCHITECTURE.md as ArchUnit rules over a package root, so the same
 * rules run against hvlab ({@code dev.hvlab}) and against deliberately bad fixtures. Under the root:
 * {@code core} (its public API is every package except those named {@code internal}), {@code
 * board}, {@code hv.<model>}, {@code bench}, {@code cli}.
 */
final class ModuleRules {
    private final String root;

    ModuleRules(String root) {
        this.root = root;
    }

    private String pkg(String module) {
        return root + "." + module + "..";
    }

    /** Core knows no board and no hypervisor (nor benchmarks or the CLI). */
    ArchRule coreKnowsNoBoardOrHypervisor() {
        return noClasses().that().resideInAPackage(pkg("core"))
                .should().dependOnClassesThat().resideInAnyPackage(pkg("board"), pkg("hv"), pkg("bench"), pkg("cli"))
                .because("the emulator core is reusable for any board and any hypervisor");
    }

    /** A board depends on the core only. */
    ArchRule boardKnowsNoHypervisor() {
        return noClasses().that().resideInAPackage(pkg("board"))
                .should().dependOnClassesThat().resideInAnyPackage(pkg("hv"), pkg("bench"), pkg("cli"))
                .because("boards are built from the core alone");
    }

    /** Hypervisor models see the core's public API, the JDK and libraries, and their own package. */
    ArchRule hypervisorsSeeOnlyCoreApi() {
        return classes().that().resideInAPackage(pkg("hv"))
                .should().onlyDependOnClassesThat(resideOutsideOfPackage(root + "..")
                        .or(resideInAPackage(pkg("hv")))
                        .or(resideInAPackage(pkg("core")).and(resideOutsideOfPackage(pkg("core..internal")))))
                .because("a hypervisor model uses the core only through its public API");
    }

    /** Hypervisor models are independent of each other. */
    ArchRule hypervisorsAreIndependent() {
        return SlicesRuleDefinition.slices().matching(root + ".hv.(*)..")
                .should().notDependOnEachOther()
                .because("each hypervisor model is its own module");
    }

    /** Nothing outside the CLI depends on the CLI. */
    ArchRule nothingDependsOnCli() {
        return noClasses().that().resideOutsideOfPackage(pkg("cli"))
                .should().dependOnClassesThat().resideInAPackage(pkg("cli"))
                .because("the CLI only drives the other modules");
    }

    List<ArchRule> all() {
        return List.of(coreKnowsNoBoardOrHypervisor(), boardKnowsNoHypervisor(), hypervisorsSeeOnlyCoreApi(),
                hypervisorsAreIndependent(), nothingDependsOnCli());
    }
}
