package dev.lookahead.cli;

import dev.lookahead.config.Settings;
import dev.lookahead.e2e.E2eCase;
import dev.lookahead.e2e.E2eResult;
import dev.lookahead.e2e.EndToEndBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code bench e2e}: the end-to-end harness over a matrix of keys x parallelism x fine-tuning, one fresh embedded
 * broker and job per case; prints a markdown table and optionally writes it and a CSV.
 */
@Command(name = "e2e", mixinStandardHelpOptions = true,
        description = {"End to end: the in-process broker and the stream job (exactly-once) in a local Flink in this JVM.",
                "K keys x N points are produced first (throughput), then a producer paced at a fraction of that rate (latency).",
                "Reports job and committed points/s, produce-to-committed p50/p99, checkpoint bytes and heap per key.",
                "One fresh broker and job per case; exits 1 if a case lost or duplicated a point."},
        footerHeading = "%nExamples:%n",
        footer = {"  lookahead bench e2e --keys 1000 --points-per-key 300 --parallelism 1,2",
                "  lookahead bench e2e --keys 100000 --points-per-key 20 --checkpoint-interval-ms 1000 --latency-seconds 60",
                "  lookahead bench e2e --keys 1000000 --points-per-key 4 --latency-seconds 0 --out runs/e2e"})
final class BenchE2eCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--keys", split = ",", paramLabel = "K", description = "Key counts, comma-separated (default ${DEFAULT-VALUE}).")
    List<Integer> keys = List.of(1000);

    @Option(names = "--points-per-key", split = ",", paramLabel = "N",
            description = "Points per key before the job starts: one value for all, or one per --keys value (default ${DEFAULT-VALUE}).")
    List<Integer> pointsPerKey = List.of(200);

    @Option(names = "--parallelism", split = ",", paramLabel = "P", description = "Job parallelisms (default ${DEFAULT-VALUE}).")
    List<Integer> parallelism = List.of(1, 2);

    @Option(names = "--fine-tuning", split = ",", paramLabel = "on|off", description = "Fine-tuning on, off or both (default ${DEFAULT-VALUE}: fine-tune.enabled as shipped).")
    List<String> fineTuning = List.of(Boolean.parseBoolean(Settings.get("fine-tune.enabled").defaultValue()) ? "on" : "off");

    @Option(names = "--checkpoint-interval-ms", paramLabel = "MS", description = "job.checkpoint-interval-ms of every case (default ${DEFAULT-VALUE}, the shipped default).")
    long checkpointInterval = Long.parseLong(Settings.get("job.checkpoint-interval-ms").defaultValue());

    @Option(names = "--state-backend", paramLabel = "hashmap|rocksdb", description = "job.state-backend of every case (default ${DEFAULT-VALUE}).")
    String stateBackend = Settings.get("job.state-backend").defaultValue();

    @Option(names = "--latency-seconds", paramLabel = "S", description = "Length of the paced latency phase; 0 skips it (default ${DEFAULT-VALUE}).")
    int latencySeconds = 60;

    @Option(names = "--load", paramLabel = "F", description = "Latency-phase rate as a fraction of the measured committed rate (default ${DEFAULT-VALUE}).")
    double load = 0.5;

    @Option(names = "--rate", paramLabel = "POINTS/S", description = "Latency-phase rate in points/s, instead of --load.")
    double rate;

    @Option(names = "--round-every-points", paramLabel = "N", description = "With fine-tuning: fine-tune.round-every-points (default ${DEFAULT-VALUE}, the shipped setting).")
    long roundEveryPoints = Long.parseLong(Settings.get("fine-tune.round-every-points").defaultValue());

    @Option(names = "--config", paramLabel = "FILE", description = "YAML the job settings start from (default: built-in defaults).")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one configuration key (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--flink", paramLabel = "KEY=VALUE", description = "A Flink configuration key for the local cluster, as is (repeatable), e.g. execution.checkpointing.incremental=true.")
    java.util.Map<String, String> flinkSettings = new java.util.LinkedHashMap<>();

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the synthetic readings (default ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--warm-up", paramLabel = "POINTS", description = "An untimed case of 1,000 keys first, so the JIT has compiled the hot path before the first measured case (default ${DEFAULT-VALUE} points; 0: none).")
    int warmUp = 200_000;

    @Option(names = "--out", paramLabel = "PREFIX", description = "Also write PREFIX.md (the table) and PREFIX.csv (every figure).")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr(), outw = spec.commandLine().getOut();
        if (pointsPerKey.size() != 1 && pointsPerKey.size() != keys.size())
            throw new ParameterException(spec.commandLine(), "--points-per-key: give one value or one per --keys value (" + keys.size() + ")");
        List<Boolean> tunings = new ArrayList<>();
        for (String f : fineTuning) {
            switch (f.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "on" -> tunings.add(true);
                case "off" -> tunings.add(false);
                default -> throw new ParameterException(spec.commandLine(), "--fine-tuning: '" + f + "' is not one of on, off");
            }
        }
        if (!stateBackend.equals("hashmap") && !stateBackend.equals("rocksdb"))
            throw new ParameterException(spec.commandLine(), "--state-backend: '" + stateBackend + "' is not one of hashmap, rocksdb");
        List<E2eCase> cases = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++)
            for (int p : parallelism)
                for (boolean ft : tunings)
                    cases.add(new E2eCase(keys.get(i), pointsPerKey.get(pointsPerKey.size() == 1 ? 0 : i), p, ft, checkpointInterval,
                            stateBackend, latencySeconds, load, rate, roundEveryPoints));
        EndToEndBench bench = new EndToEndBench(config, overrides, flinkSettings, seed, err);
        if (warmUp > 0) {
            err.println("warm-up (not measured):");
            bench.run(new E2eCase(1000, Math.max(1, warmUp / 1000), cases.get(0).parallelism(), false, 1000, "hashmap", 0, 0.5, 0, roundEveryPoints));
        }
        List<E2eResult> results = new ArrayList<>();
        for (E2eCase c : cases) results.add(bench.run(c));
        StringBuilder md = new StringBuilder(E2eResult.MARKDOWN_HEADER).append('\n');
        StringBuilder csv = new StringBuilder(E2eResult.CSV_HEADER).append('\n');
        for (E2eResult r : results) {
            md.append(r.markdown()).append('\n');
            csv.append(r.csv()).append('\n');
        }
        outw.println();
        outw.print(md);
        outw.flush();
        if (out != null) {
            Path dir = out.toAbsolutePath().getParent();
            if (dir != null) Files.createDirectories(dir);
            Files.writeString(Path.of(out + ".md"), md, StandardCharsets.UTF_8);
            Files.writeString(Path.of(out + ".csv"), csv, StandardCharsets.UTF_8);
            err.println("wrote " + out + ".md and " + out + ".csv");
        }
        boolean lost = results.stream().anyMatch(r -> r.scoredOut() != r.pointsIn() || r.distinctScored() != r.pointsIn());
        if (lost) err.println("error: a case lost or duplicated points (see scored_out / distinct_scored in the CSV)");
        return lost ? Main.EXIT_BAD_INPUT : 0;
    }
}
