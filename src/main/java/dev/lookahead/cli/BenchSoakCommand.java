package dev.lookahead.cli;

import dev.lookahead.e2e.SoakBench;
import dev.lookahead.e2e.SoakResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code bench soak}: long exactly-once run with injected task failures (see {@link SoakBench}). */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = {"The soak: the job exactly-once with the in-process broker and a local Flink in this JVM, for --duration at --load",
                "of its measured maximum over --keys keys, a task failure injected every --failure-every. Checks that every point is",
                "committed exactly once with each key's sequence complete and in order, and that the heap after each full GC stays",
                "flat (a full GC is requested every --gc-every). Exits 1 if a check fails."},
        footerHeading = "%nExamples:%n",
        footer = {"  java -Xmx2g -jar target/lookahead.jar bench soak                       # 10 min, 100k keys, 80%, a failure every 2 min",
                "  java -jar target/lookahead.jar bench soak --keys 1000 --duration 60 --failure-every 15 --gc-every 5"})
final class BenchSoakCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--keys", paramLabel = "K", description = "Sensor keys (default ${DEFAULT-VALUE}).")
    int keys = 100_000;

    @Option(names = "--parallelism", paramLabel = "P", description = "Job parallelism (default ${DEFAULT-VALUE}).")
    int parallelism = 2;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Length of the soak phase (default ${DEFAULT-VALUE}).")
    long duration = 600;

    @Option(names = "--failure-every", paramLabel = "SECONDS", description = "A task failure this often (default ${DEFAULT-VALUE}).")
    long failureEvery = 120;

    @Option(names = "--gc-every", paramLabel = "SECONDS", description = "A full GC requested this often, the heap recorded after each (default ${DEFAULT-VALUE}).")
    long gcEvery = 30;

    @Option(names = "--load", paramLabel = "F", description = "Input rate as a fraction of the measured maximum (default ${DEFAULT-VALUE}).")
    double load = 0.8;

    @Option(names = "--rate", paramLabel = "POINTS/S", description = "Input rate in points/s, instead of --load.")
    double rate;

    @Option(names = "--calibration-points", paramLabel = "N", description = "Points per key of the calibration that measures the maximum (default ${DEFAULT-VALUE}).")
    int calibrationPoints = 20;

    @Option(names = "--checkpoint-interval", paramLabel = "MS", description = "Checkpoint interval (default ${DEFAULT-VALUE}, the shipped job.checkpoint-interval-ms).")
    long checkpointInterval = 10_000;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML the job settings start from (default: built-in defaults).")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one configuration key (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the synthetic readings (default ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the result (markdown) here.")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr(), outw = spec.commandLine().getOut();
        SoakResult r = new SoakBench(new SoakBench.Options(keys, parallelism, Duration.ofSeconds(duration), Duration.ofSeconds(failureEvery),
                Duration.ofSeconds(gcEvery), load, rate, calibrationPoints, checkpointInterval, config, overrides, seed), err).run();
        outw.println();
        outw.print(r.markdown());
        outw.flush();
        if (out != null) {
            Path dir = out.toAbsolutePath().getParent();
            if (dir != null) Files.createDirectories(dir);
            Files.writeString(out, r.markdown(), StandardCharsets.UTF_8);
            err.println("wrote " + out);
        }
        if (!r.passed()) err.println("error: the soak failed a check (see the verdict)");
        return r.passed() ? 0 : Main.EXIT_BAD_INPUT;
    }
}
