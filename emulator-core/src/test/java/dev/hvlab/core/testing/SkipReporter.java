package dev.hvlab.core.testing;

import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Prints every skipped test with its reason ("SKIPPED Class.method: qemu-aarch64 not installed"),
 * because Maven's console only counts skips. Registered for the JUnit Platform through
 * META-INF/services; every module gets it through emulator-core's test jar.
 */
public final class SkipReporter implements TestExecutionListener {
    private static final String ASSUMPTION = "Assumption failed: ";

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        report(test, reason);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            report(test, result.getThrowable().map(Throwable::getMessage).orElse("aborted"));
        }
    }

    private static void report(TestIdentifier test, String reason) {
        String why = reason == null ? "no reason given" : reason;
        if (why.startsWith(ASSUMPTION)) {
            why = why.substring(ASSUMPTION.length());
        }
        System.out.println("SKIPPED " + name(test) + ": " + why);
    }

    private static String name(TestIdentifier test) {
        Optional<TestSource> source = test.getSource();
        if (source.isPresent() && source.get() instanceof MethodSource m) {
            return m.getClassName() + "." + m.getMethodName();
        }
        if (source.isPresent() && source.get() instanceof ClassSource c) {
            return c.getClassName();
        }
        return test.getDisplayName();
    }
}
