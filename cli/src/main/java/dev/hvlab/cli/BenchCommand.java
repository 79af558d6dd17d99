package dev.hvlab.cli;

import dev.hvlab.core.config.UserInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hvlab bench}: the JMH benchmarks of the emulator's hot paths (InterpreterBenchmark,
 * MicroBenchmark) and of the trap paths under each hypervisor model (TrapPathBenchmark), run from
 * the hvlab jar through JMH's own runner.
 */
@Command(name = "bench",
        description = "Run the JMH benchmarks of the emulator's hot paths and of the trap paths per hypervisor model.")
final class BenchCommand implements Callable<Integer> {
    @Parameters(paramLabel = "REGEX", arity = "0..*",
            description = "Benchmarks to run, as JMH regular expressions (default: all), e.g. TrapPath, MicroBenchmark.tlb.")
    List<String> include = new ArrayList<>();

    @Option(names = "-p", paramLabel = "NAME=V1,V2", description = "A benchmark parameter, e.g. -p hypervisor=jailhouse.")
    Map<String, String> params = Map.of();

    @Option(names = "--quick", description = "One fork, one 1 s warm-up and three 1 s measurements (a first look).")
    boolean quick;

    @Option(names = "--forks", paramLabel = "N", description = "JMH forks (0 runs in this JVM). Default: as each benchmark says.")
    Integer forks;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write JMH's JSON result file.")
    Path json;

    @Override
    public Integer call() throws RunnerException {
        ChainedOptionsBuilder o = new OptionsBuilder();
        if (include.isEmpty()) {
            o.include("dev\\.hvlab\\.bench\\..*");
        }
        for (String r : include) {
            o.include(r);
        }
        for (Map.Entry<String, String> p : params.entrySet()) {
            o.param(p.getKey(), p.getValue().split(","));
        }
        if (quick) {
            o.forks(1).warmupIterations(1).warmupTime(TimeValue.seconds(1)).measurementIterations(3)
                    .measurementTime(TimeValue.seconds(1));
        }
        if (forks != null) {
            if (forks < 0) {
                throw new UserInputException("--forks must be 0 or more, not " + forks);
            }
            o.forks(forks);
        }
        if (json != null) {
            o.resultFormat(ResultFormatType.JSON).result(json.toString());
        }
        Collection<RunResult> results;
        try {
            results = new Runner(o.build()).run();
        } catch (RunnerException | RuntimeException e) { // JMH's NoBenchmarksException is unchecked
            String m = e + " " + e.getMessage();
            if (e instanceof org.openjdk.jmh.runner.NoBenchmarksException) {
                throw new UserInputException("no benchmark matches " + include);
            }
            if (m.contains("JMH lock")) {
                throw new UserInputException("another JMH run holds its lock (/tmp/jmh.lock); wait for it, or run with "
                        + "-Djmh.ignoreLock=true");
            }
            throw e;
        }
        if (results.isEmpty()) {
            throw new UserInputException("no benchmark matches " + (include.isEmpty() ? "the default set" : include));
        }
        return ExitCodes.OK;
    }
}
