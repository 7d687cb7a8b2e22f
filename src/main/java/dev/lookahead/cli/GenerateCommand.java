package dev.lookahead.cli;

import dev.lookahead.io.TimestampFormat;
import dev.lookahead.synthetic.DailyPatterns;
import dev.lookahead.synthetic.LabelledSeries;
import dev.lookahead.synthetic.RigRecipe;
import dev.lookahead.synthetic.TrainingCorpus;
import dev.lookahead.training.ModelFactory.RawSeries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code generate}: writes the project's own synthetic data sets as CSV. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Write synthetic, seeded data sets as CSV files (timestamp, then one column per channel).",
                "The same seed gives the same bytes on any JDK. Labelled recipes write OUT/data/<key>.csv and",
                "OUT/labels/<key>.csv (start,end,kind,channel,start_row,end_row,magnitude; a header alone: no",
                "anomaly), the layout 'evaluate labelled OUT' and 'report --labels OUT' read.",
                "  training: clean, varied series the bundled base model is trained on.",
                "  sample:   labelled streams with injected anomalies (spikes, dips, level shifts, variance",
                "            changes, flatlines, drift, gaps), for trying the detector.",
                "  rig:      a multi-sensor test rig at 1 Hz like SKAB's water pump (8 correlated channels driven by",
                "            an operating point, a vibration level and a thermal state): OUT/train/rig-train.csv is a",
                "            fault-free 3-hour recording to train on; --keys faulty recordings rig-00.. of --length",
                "            rows (default 30 x 1200) start fault-free for 400-700 rows, hold one fault for 2-8",
                "            minutes, then run normally: LEVEL_SHIFT (1-3 sigma, temporary), DRIFT (to 3-5 sigma,",
                "            temporary), CROSS_CHANNEL_BREAK, VARIANCE_CHANGE (x2-4), FLATLINE (stuck sensor), in",
                "            turn. Magnitudes in the labels are in units of the channel's noise sigma.",
                "  daily:    5-minute series over --length points (default 4032 = 14 days) with a daily shape, like",
                "            NAB's art_daily_*: in-range shape changes (PHASE_SHIFT: the daily jump at the wrong",
                "            time; MISSED_RISE: the day stays low; FLAT_MIDDLE), the same days with no anomaly, and",
                "            series with no seasonality, in turn (--keys, default 20)."},
        footerHeading = "%nExamples:%n",
        footer = {"  lookahead generate --recipe training --out corpus/",
                "  lookahead generate --recipe sample --out sample/ --keys 6 --seed 7",
                "  lookahead generate --recipe rig --out rig/ && lookahead evaluate labelled rig/",
                "  lookahead generate --recipe daily --out daily/ && lookahead evaluate labelled daily/"})
final class GenerateCommand implements Callable<Integer> {

    enum Recipe { training, sample, rig, daily }

    @Spec
    CommandSpec spec;

    @Option(names = "--recipe", paramLabel = "NAME", description = "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    Recipe recipe = Recipe.sample;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "Directory to write the CSV files to.")
    Path out;

    @Option(names = "--keys", paramLabel = "N", description = "Number of series (default: 96 for training, 6 for sample, 30 faulty recordings for rig, 20 for daily).")
    Integer keys;

    @Option(names = "--length", paramLabel = "POINTS", description = "Points per series (default: 4000; rig: rows per faulty recording, 1200; daily: 4032).")
    Integer length;

    @Option(names = "--seed", paramLabel = "N", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed = 42;

    @Override
    public Integer call() throws IOException {
        if (recipe == Recipe.rig || recipe == Recipe.daily) return labelledRecipe();
        int length = this.length == null ? 4000 : this.length;
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

    /** The rig and daily recipes: data/ and labels/ per key (the rig's training recording in train/). */
    private int labelledRecipe() throws IOException {
        boolean rig = recipe == Recipe.rig;
        int n = keys != null ? keys : rig ? 30 : 20;
        int rows = length != null ? length : rig ? RigRecipe.RECORDING_ROWS : DailyPatterns.DEFAULT_LENGTH;
        if (n < 1) throw new IllegalArgumentException("--keys must be at least 1, was " + n);
        if (rig && rows < RigRecipe.MIN_RECORDING_ROWS)
            throw new IllegalArgumentException("--length must be at least " + RigRecipe.MIN_RECORDING_ROWS + " rows for rig, was " + rows);
        if (!rig && rows < DailyPatterns.MIN_LENGTH)
            throw new IllegalArgumentException("--length must be at least " + DailyPatterns.MIN_LENGTH + " points (6 days) for daily, was " + rows);
        List<LabelledSeries> all = rig ? RigRecipe.recordings(seed, n, rows) : DailyPatterns.generate(n, rows, seed);
        for (LabelledSeries s : all)
            s.write(out.resolve("data").resolve(s.key() + ".csv"), out.resolve("labels").resolve(s.key() + ".csv"));
        String extra = "";
        if (rig) {
            LabelledSeries train = RigRecipe.training(seed);
            Files.createDirectories(out.resolve("train"));
            try (Writer w = Files.newBufferedWriter(out.resolve("train").resolve(train.key() + ".csv"), StandardCharsets.UTF_8)) {
                train.writeCsv(w);
            }
            extra = " and a fault-free training recording of " + train.size() + " rows (train/" + train.key() + ".csv)";
        }
        spec.commandLine().getErr().println("wrote " + n + " " + recipe + " series of " + rows + " points with labels" + extra + " to " + out);
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
