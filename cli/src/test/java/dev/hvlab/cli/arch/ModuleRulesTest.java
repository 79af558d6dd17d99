package dev.hvlab.cli.arch;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.hvlab.cli.arch.fixture.board.BadBoardUsesCli;
import dev.hvlab.cli.arch.fixture.board.BadBoardUsesHypervisor;
import dev.hvlab.cli.arch.fixture.board.Board;
import dev.hvlab.cli.arch.fixture.cli.Command;
import dev.hvlab.cli.arch.fixture.core.BadCoreUsesBoard;
import dev.hvlab.cli.arch.fixture.core.BadCoreUsesHypervisor;
import dev.hvlab.cli.arch.fixture.core.CoreApi;
import dev.hvlab.cli.arch.fixture.core.internal.CoreSecret;
import dev.hvlab.cli.arch.fixture.hv.kvm.BadKvmUsesXen;
import dev.hvlab.cli.arch.fixture.hv.kvm.Kvm;
import dev.hvlab.cli.arch.fixture.hv.xen.BadXenUsesBoard;
import dev.hvlab.cli.arch.fixture.hv.xen.BadXenUsesCoreInternal;
import dev.hvlab.cli.arch.fixture.hv.xen.Xen;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The module rules hold for hvlab (every module is on this module's test class path), and each
 * rule is shown to fail on a fixture that breaks it while passing on the same fixtures without
 * the offending class.
 */
class ModuleRulesTest {
    private static final ModuleRules FIXTURE = new ModuleRules("dev.hvlab.cli.arch.fixture");
    /** Fixture classes that keep every rule. */
    private static final List<Class<?>> GOOD =
            List.of(CoreApi.class, CoreSecret.class, Board.class, Xen.class, Kvm.class, Command.class);

    @Test
    void hvlabKeepsTheModuleRules() {
        JavaClasses hvlab = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.hvlab");
        for (String module : List.of("core", "board.imx8qm", "hv.xen", "hv.jailhouse", "hv.kvm", "hv.xvisor",
                "bench", "cli")) {
            assertTrue(hvlab.containPackage("dev.hvlab." + module), "classes of dev.hvlab." + module + " imported");
        }
        for (ArchRule rule : new ModuleRules("dev.hvlab").all()) {
            rule.check(hvlab);
        }
    }

    @Test
    void goodFixturesKeepEveryRule() {
        JavaClasses good = importClasses(GOOD);
        for (ArchRule rule : FIXTURE.all()) {
            assertDoesNotThrow(() -> rule.check(good), rule.getDescription());
        }
    }

    @Test
    void coreUsingABoardFails() {
        assertBreaks(ModuleRules::coreKnowsNoBoardOrHypervisor, BadCoreUsesBoard.class);
    }

    @Test
    void coreUsingAHypervisorFails() {
        assertBreaks(ModuleRules::coreKnowsNoBoardOrHypervisor, BadCoreUsesHypervisor.class);
    }

    @Test
    void boardUsingAHypervisorFails() {
        assertBreaks(ModuleRules::boardKnowsNoHypervisor, BadBoardUsesHypervisor.class);
    }

    @Test
    void hypervisorUsingCoreInternalsFails() {
        assertBreaks(ModuleRules::hypervisorsSeeOnlyCoreApi, BadXenUsesCoreInternal.class);
    }

    @Test
    void hypervisorUsingABoardFails() {
        assertBreaks(ModuleRules::hypervisorsSeeOnlyCoreApi, BadXenUsesBoard.class);
    }

    @Test
    void hypervisorUsingAnotherHypervisorFails() {
        assertBreaks(ModuleRules::hypervisorsAreIndependent, BadKvmUsesXen.class);
    }

    @Test
    void anythingUsingTheCliFails() {
        assertBreaks(ModuleRules::nothingDependsOnCli, BadBoardUsesCli.class);
    }

    private static void assertBreaks(Function<ModuleRules, ArchRule> rule, Class<?> offender) {
        List<Class<?>> classes = new ArrayList<>(GOOD);
        classes.add(offender);
        AssertionError e = assertThrows(AssertionError.class, () -> rule.apply(FIXTURE).check(importClasses(classes)));
        assertTrue(e.getMessage().contains(offender.getName()), e.getMessage());
    }

    private static JavaClasses importClasses(List<Class<?>> classes) {
        return new ClassFileImporter().importClasses(classes.toArray(new Class<?>[0]));
    }
}
