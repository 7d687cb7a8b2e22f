package dev.lookahead.cli;

import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.detector.Outcome;
import dev.lookahead.detector.PointResult;
import dev.lookahead.io.CsvReader;
import dev.lookahead.io.CsvSeries;
import dev.lookahead.io.ScoredCsvWriter;
import dev.lookahead.model.LstmModel;
import dev.lookahead.runner.DirectRunner;
import dev.lookahead.runner.ScoredRows;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code score}: the direct runner over CSV files, scored CSV out in input row order. */
@Command(name = "score", mixinStandardHelpOptions = true, modelTransformer = DetectorOptions.Flags.class,
        description = {"Score CSV series with the detector core alone (no Kafka, no Flink).",
                "Input: a NAB-style file (timestamp,value), a multivariate CSV with a header, or a directory of",
                "such files (one key per file, key = path without .csv). Output rows follow input rows, with",
                "forecasts, raw and anomaly scores, the anomaly flag (0/1), model version, flags and drop reasons."},
        footerHeading = "%nExamples:%n",
        footer = {"  lookahead score machine_temperature.csv --out scored.csv",
                "  lookahead score plant.csv --delimiter ';' --timestamp-column ts --key-column device --out scored/",
                "  lookahead score ../shared/nab/data --out results/ --threshold 0.6"})
final class ScoreCommand implements Callable<Integer>, DetectorOptions.Holder {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "INPUT", description = "CSV file or directory of CSV files.")
    Path input;

    @Option(names = {"-o", "--out"}, paramLabel = "PATH",
            description = "Output CSV file (for one key), or directory (one file per key, mirroring the input). Default: standard output for one key.")
    Path out;

    @Option(names = "--delimiter", paramLabel = "CHAR", description = "Field delimiter (default ',').")
    char delimiter = ',';

    @Option(names = "--timestamp-column", paramLabel = "NAME", description = "Timestamp column (default: 'timestamp', else the first column).")
    String timestampColumn;

    @Option(names = "--columns", split = ",", paramLabel = "NAME", description = "Value columns, in channel order (default: all but timestamp, key and label columns).")
    List<String> columns;

    @Option(names = "--key-column", paramLabel = "NAME", description = "Column holding the key, for files with many keys.")
    String keyColumn;

    @Mixin
    ModelOption modelOption = new ModelOption();

    private final DetectorOptions detectorOptions = new DetectorOptions();

    @Override
    public DetectorOptions detectorOptions() {
        return detectorOptions;
    }

    @Override
    public Integer call() throws IOException {
        if (!Files.exists(input)) throw new IllegalArgumentException("input " + input + " does not exist");
        DetectorConfig config = detectorOptions.toConfig();
        LstmModel model = modelOption.load();
        CsvReader.Options opts = CsvReader.Options.defaults().withDelimiter(delimiter);
        if (timestampColumn != null) opts = opts.withTimestampColumn(timestampColumn);
        if (columns != null) opts = opts.withValueColumns(columns);
        if (keyColumn != null) opts = opts.withKeyColumn(keyColumn);
        List<CsvSeries> all = new CsvReader(opts).read(input);
        if (all.isEmpty()) throw new IllegalArgumentException("input " + input + " holds no CSV series");
        boolean many = all.size() > 1 || Files.isDirectory(input);
        if (many && out == null) throw new IllegalArgumentException("--out DIR is required when the input holds several keys (" + all.size() + ")");
        if (many && out != null && Files.isRegularFile(out)) throw new IllegalArgumentException("--out " + out + " is a file; several keys need a directory");

        DirectRunner runner = new DirectRunner(model, config);
        long points = 0, anomalies = 0, incidents = 0, dropped = 0;
        long started = System.nanoTime();
        for (CsvSeries s : all) {
            Outcome[] outcomes = runner.run(s.key(), s.channels(), s.times(), s.values());
            try (Writer w = open(many ? out.resolve(s.key() + ".csv") : out)) {
                ScoredCsvWriter csv = new ScoredCsvWriter(w, s.channels(), s.timestampFormat());
                csv.writeHeader();
                for (int i = 0; i < outcomes.length; i++) {
                    Outcome o = outcomes[i];
                    csv.writeRow(ScoredRows.of(o, s.values()[i]));
                    points++;
                    if (o instanceof PointResult p) {
                        if (p.anomaly()) anomalies++;
                        if (p.incidentPoints() == 1) incidents++;
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
                points, all.size(), model.versionId(), secs, anomalies, incidents, dropped,
                out == null ? "" : "; output: " + out);
        err.flush();
        return 0;
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
