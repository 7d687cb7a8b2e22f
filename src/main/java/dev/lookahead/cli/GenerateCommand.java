package dev.lookahead.cli;

import dev.lookahead.io.TimestampFormat;
import dev.lookahead.synthetic.TrainingCorpus;
import dev.lookahead.training.ModelFactory.RawSeries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code generate}: writes the project's own synthetic data sets as CSV. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Write synthetic, seeded data sets as NAB-style CSV files (timestamp,value).",
                "  training: clean, varied series the bundled base model is trained on.",
                "  sample:   labelled streams with injected anomalies (spikes, dips, level shifts, variance",
                "            changes, flatlines, drift, gaps) plus labels.csv, for trying the detector."},
        footerHeading = "%nExamples:%n",
        footer = {"  lookahead generate --recipe training --out corpus/",
                "  lookahead generate --recipe sample --out sample/ --keys 6 --seed 7"})
final class GenerateCommand implements Callable<Integer> {

    enum Recipe { training, sample }

    @Spec
    CommandSpec spec;

    @Option(names = "--recipe", paramLabel = "NAME", description = "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    Recipe recipe = Recipe.sample;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "Directory to write the CSV files to.")
    Path out;

    @Option(names = "--keys", paramLabel = "N", description = "Number of series (default: 96 for training, 6 for sample).")
    Integer keys;

    @Option(names = "--length", paramLabel = "POINTS", description = "Points per series (default: 4000).")
    int length = 4000;

    @Option(names = "--seed", paramLabel = "N", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed = 42;

    @Override
    public Integer call() throws IOException {
        if (length < 100) throw new IllegalArgumentException("--length must be at least 100, was " + length);
        Files.createDirectories(out);
        int n = recipe == Recipe.training ? (keys == null ? 96 : keys) : (keys == null ? 6 : keys);
        if (n < 1) throw new IllegalArgumentException("--keys must be at least 1, was " + n);
        if (recipe == Recipe.training) {
            List<RawSeries> corpus = TrainingCorpus.generate(seed, n, length);
            for (RawSeries s : corpus) writeNab(out.resolve(s.name() + ".csv"), s.times(), s.values());
        } else {
            SampleData.write(out, Math.max(3, n), length, seed);
        }
        spec.commandLine().getErr().println("wrote " + n + " " + recipe + " series of " + length + " points to " + out);
        spec.commandLine().getErr().flush();
        return 0;
    }

    static void writeNab(Path file, long[] times, double[][] values) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("timestamp,value\n");
            for (int t = 0; t < times.length; t++) {
                w.write(TimestampFormat.NAB.format(times[t]));
                w.write(',');
                w.write(Double.toString(values[t][0]));
                w.write('\n');
            }
        }
    }
}
