package dev.lookahead.cli;

import dev.lookahead.compare.Golden;
import dev.lookahead.compare.GoldenCheck;
import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.detector.Outcome;
import dev.lookahead.detector.PointResult;
import dev.lookahead.io.CsvReader;
import dev.lookahead.io.CsvSeries;
import dev.lookahead.io.ScoredCsvWriter;
import dev.lookahead.model.LstmModel;
import dev.lookahead.runner.DirectRunner;
import dev.lookahead.runner.KeyRuns;
import dev.lookahead.runner.ScoredRows;
import dev.lookahead.stream.AvroOutputs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code score}: the direct runner over CSV files, scored CSV out in input row order. */
@Command(name = "score", mixinStandardHelpOptions = true, modelTransformer = DetectorOptions.Flags.class,
        description = {"Score CSV series with the detector core alone (no Kafka, no Flink).",
                "Input: a NAB-style file (timestamp,value), a multivariate CSV with a header, or a directory of",
                "such files (one key per file, key = path without .csv). Output rows follow input rows, with",
                "forecasts, raw and anomaly scores, the anomaly flag (0/1), model version, flags and drop reasons."},
        footerHeading = "%nExamples:%n",
        footer = {"  lookahead score machine_temperature.csv --out scored.csv",
                "  lookahead score plant.csv --delimiter ';' --timestamp-column ts --key-column device --out scored/",
                "  lookahead score ../shared/nab/data --out results/ --threshold 0.6",
                "  lookahead score recorded/ --golden src/test/golden/recorded --update-golden   # approve the current behaviour",
                "  lookahead score recorded/ --golden src/test/golden/recorded                   # fails (exit " + Main.EXIT_DIFFERENT + ") with the diff when it changed"})
final class ScoreCommand extends DetectorCommand {

    @Parameters(index = "0", paramLabel = "INPUT", description = "CSV file or directory of CSV files.")
    Path input;

    @Option(names = {"-o", "--out"}, paramLabel = "PATH",
            description = "Output CSV file (for one key), or directory (one file per key, mirroring the input; a directory that exists takes a single key's file too). Default: standard output for one key.")
    Path out;

    @Mixin
    CsvInputOptions csv = new CsvInputOptions();

    @Option(names = "--one-key", description = "The files are recordings of one device (daily dumps of one sensor, a rig's runs): "
            + "score them as one key, each after the ones that started before it; the output still has one file per input "
            + "file. A file that starts before the one before it ends is moved to start --new-run-after-ms after it. "
            + "Default: each file is a key of its own.")
    boolean oneKey;

    @Option(names = "--golden", paramLabel = "DIR",
            description = "Compare the run with the golden output in DIR (incidents and a digest of each key's scored points) and fail with the diff (exit " + Main.EXIT_DIFFERENT + ") when it differs.")
    Path golden;

    @Option(names = "--update-golden", description = "Record this run as the golden output in --golden DIR instead of comparing (approves a change).")
    boolean updateGolden;

    @Mixin
    ModelOption modelOption = new ModelOption();

    @Override
    public Integer call() throws IOException {
        if (!Files.exists(input)) throw new IllegalArgumentException("input " + input + " does not exist");
        DetectorConfig config = detectorOptions().toConfig();
        LstmModel model = modelOption.load();
        CsvReader.Options opts = csv.toOptions();
        List<CsvSeries> all = new CsvReader(ModelColumns.options(opts, model)).read(input);
        if (opts.valueColumns() == null) all = all.stream().map(s -> ModelColumns.arranged(s, model)).toList();
        if (all.isEmpty()) throw new IllegalArgumentException("input " + input + " holds no CSV series");
        // an existing directory as --out takes one file per key, even for one key
        boolean many = all.size() > 1 || Files.isDirectory(input) || (out != null && Files.isDirectory(out));
        if (updateGolden && golden == null) throw new IllegalArgumentException("--update-golden needs --golden DIR");
        if (golden != null && !updateGolden && !Golden.exists(golden))
            throw new IllegalArgumentException("no golden output in " + golden + " (" + Golden.KEYS_FILE + ", " + Golden.INCIDENTS_FILE + "); record one with --update-golden");
        boolean writeCsv = out != null || golden == null;
        Golden.Recorder recorder = golden == null ? null : new Golden.Recorder();
        if (many && writeCsv && out == null) throw new IllegalArgumentException("--out DIR is required when the input holds several keys (" + all.size() + ")");
        if (many && out != null && Files.isRegularFile(out)) throw new IllegalArgumentException("--out " + out + " is a file; several keys need a directory");

        DirectRunner runner = new DirectRunner(model, config);
        long points = 0, anomalies = 0, incidents = 0, dropped = 0;
        List<String> orderNotes = new ArrayList<>();
        long started = System.nanoTime();
        Outcome[][] asOneKey = null;
        if (oneKey) {
            KeyRuns runs = KeyRuns.of(all, config);
            asOneKey = runs.split(runner.run(KeyRuns.keyFor(input), runs.channels(), runs.times(), runs.values()));
        }
        for (int k = 0; k < all.size(); k++) {
            CsvSeries s = all.get(k);
            Outcome[] outcomes = oneKey ? asOneKey[k] : runner.run(s.key(), s.channels(), s.times(), s.values());
            String order = OrderNote.of(s, outcomes);
            if (order != null) orderNotes.add(order);
            try (Writer w = writeCsv ? open(many ? out.resolve(s.key() + ".csv") : out) : Writer.nullWriter()) {
                ScoredCsvWriter csv = new ScoredCsvWriter(w, s.channels(), s.timestampFormat());
                if (writeCsv) csv.writeHeader();
                for (int i = 0; i < outcomes.length; i++) {
                    Outcome o = outcomes[i];
                    if (writeCsv) csv.writeRow(ScoredRows.of(o, s.values()[i]));
                    points++;
                    if (o instanceof PointResult p) {
                        if (p.anomaly()) anomalies++;
                        if (p.incidentPoints() == 1) incidents++;
                        if (recorder != null) recorder.add(AvroOutputs.scoredPoint(p));
                    } else {
                        dropped++;
                    }
                }
                csv.flush();
            }
        }
        double secs = (System.nanoTime() - started) / 1e9;
        PrintWriter err = spec.commandLine().getErr();
        err.printf(Locale.ROOT, "scored %d points of %d key(s) with model %s in %.2f s: %d anomalous points in %d incidents, %d dropped%s%n",
                points, oneKey ? 1 : all.size(), model.versionId(), secs, anomalies, incidents, dropped,
                out == null ? "" : "; output: " + out);
        String hint = oneKey ? null : NormalStateNotes.forKeys(model, all, "; recordings of one device can also follow each other as one key's runs (--one-key)");
        if (hint != null) err.println(hint);
        orderNotes.forEach(err::println);
        String untimed = CsvLayoutOptions.untimedNote(all);
        if (untimed != null) err.println(untimed);
        err.flush();
        return golden == null ? 0 : golden(recorder.build(), err);
    }

    /** Records the run as the golden output, or compares it with the one recorded. */
    private int golden(Golden run, PrintWriter err) throws IOException {
        if (updateGolden) {
            run.write(golden);
            long bytes = Files.size(golden.resolve(Golden.KEYS_FILE)) + Files.size(golden.resolve(Golden.INCIDENTS_FILE));
            err.printf(Locale.ROOT, "golden output recorded in %s: %d key(s), %d incident(s), %,d bytes%n", golden, run.keys().size(), run.incidentCount(), bytes);
            err.flush();
            return 0;
        }
        GoldenCheck check = GoldenCheck.of(Golden.read(golden), run);
        if (check.passed()) {
            err.printf(Locale.ROOT, "same as the golden output in %s: %d key(s), %d incident(s)%n", golden, run.keys().size(), run.incidentCount());
        } else {
            for (String line : check.lines()) err.println(line);
            err.println("golden output: " + golden + " (run again with --update-golden to approve this change)");
        }
        err.flush();
        return check.passed() ? 0 : Main.EXIT_DIFFERENT;
    }

    private Writer open(Path file) throws IOException {
        if (file == null) return new BufferedWriter(new OutputStreamWriter(new NonClosing(System.out), StandardCharsets.UTF_8));
        if (file.getParent() != null) Files.createDirectories(file.getParent());
        return Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    /** Standard output must stay open after one key's writer closes. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(java.io.OutputStream out) {
            super(out);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
