package dev.lookahead.cli;

import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.detector.Outcome;
import dev.lookahead.evaluation.Evaluation;
import dev.lookahead.evaluation.EvaluationJson;
import dev.lookahead.evaluation.EvaluationTable;
import dev.lookahead.evaluation.LabelledDataset;
import dev.lookahead.evaluation.SeriesCase;
import dev.lookahead.evaluation.Verdicts;
import dev.lookahead.io.CsvReader;
import dev.lookahead.io.CsvSeries;
import dev.lookahead.io.ScoredCsvWriter;
import dev.lookahead.model.LstmModel;
import dev.lookahead.runner.DirectRunner;
import dev.lookahead.runner.KeyRuns;
import dev.lookahead.runner.ScoredRows;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code evaluate labelled}: the direct runner over a user's labelled series with the settings {@code score} uses,
 * then the metrics of {@link dev.lookahead.evaluation}. The detector reads the data only; the labels are read apart
 * from it and only by the evaluator.
 */
@Command(name = "labelled", mixinStandardHelpOptions = true, modelTransformer = DetectorOptions.Flags.class,
        description = {"Score your own labelled series with the detector (direct runner, the same settings and model as",
                "'score') and report, per series, per kind (when the labels name kinds) and overall: point-wise precision,",
                "recall, F1, false-alarm rate (FAR, normal rows flagged) and missed-alarm rate (MAR); event-wise recall",
                "(a window is found when a flagged row falls in it), false alarms (incident openings outside every window)",
                "per 10k rows and detection delay (median, max); NAB v1.1 scores with the labelled windows as NAB windows",
                "and the detector's alerts as detections (no threshold tuned on the labels).",
                "",
                "Labels, either way (the detector never reads them):",
                "  DIR/data/<key>.csv + DIR/labels/<key>.csv  one labels file per series, one window per line: header",
                "      start,end[,kind][,channel] (timestamps, inclusive; channel names joined by '|'; other columns",
                "      ignored). A header alone: no anomaly in that series. Kind GAP lines are skipped. 'generate --recipe",
                "      rig|daily|sample' writes this layout.",
                "  DIR/*.csv with a label column  'label', 'anomaly' or 'is_anomaly' (or --label-column): non-zero marks",
                "      the row anomalous; each run of marked rows is one window. Label columns, and change-point",
                "      columns ('changepoint', as SKAB ships), are never channels."},
        footerHeading = "%nExamples:%n",
        footer = {"  lookahead generate --recipe rig --out rig && lookahead evaluate labelled rig",
                "  lookahead evaluate labelled rig --model rig-model.avro --json rig.json --scored rig-scored",
                "  lookahead evaluate labelled SKAB/data --history SKAB/data/anomaly-free/anomaly-free.csv",
                "  lookahead evaluate labelled SKAB/data/valve1 --one-key"})
final class LabelledEvaluateCommand extends DetectorCommand {

    @Parameters(index = "0", paramLabel = "DIR", description = "Labelled data: DIR/data + DIR/labels, or CSVs (a directory or one file) with a label column.")
    Path input;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write every metric as JSON (undefined ratios are null).")
    Path json;

    @Option(names = "--scored", paramLabel = "DIR", description = "Also write each series' scored CSV (as 'score' writes it), for 'report --labels'.")
    Path scored;

    @Option(names = "--label-column", paramLabel = "NAME", description = "The label column (default: the first of label, anomaly, is_anomaly).")
    String labelColumn;

    @Mixin
    CsvLayoutOptions layout = new CsvLayoutOptions();

    @Option(names = "--history", paramLabel = "CSV", description = "A fault-free recording of the same channels that every "
            + "series follows, as a deployed key has history before a fault: its rows are scored first and are not counted. "
            + "They keep their times if they end before the series starts, else they are moved to end --new-run-after-ms "
            + "before it: the key restarts its recurrent state, anchors its level on the series' own first points (a new run) "
            + "and keeps the rest of what it learned. "
            + "Under DIR, it is not a series either (for example 'generate --recipe rig' writes train/rig-train.csv).")
    Path history;

    @Option(names = "--one-key", description = "The series are recordings of one device: score them as one key, each "
            + "after the ones that started before it (after --history, given once), as a deployed key meets its device's "
            + "runs; each series is still reported on its own. A series that starts before the one before it ends is moved "
            + "to start --new-run-after-ms after it. Default: each series is a key of its own, which knows only its own rows.")
    boolean oneKey;

    @Option(names = "--columns", split = ",", paramLabel = "NAME", description = "Value columns, in channel order (default: a multivariate model's channels, in its order; else all but timestamp and label columns, in the model's normal state's order when they are its channels).")
    List<String> columns;

    @Mixin
    ModelOption modelOption = new ModelOption();

    @Override
    public Integer call() throws Exception {
        DetectorConfig config = detectorOptions().toConfig();
        LstmModel model = modelOption.load();
        CsvReader.Options opts = layout.toOptions();
        if (columns != null) opts = opts.withValueColumns(columns);
        else opts = ModelColumns.options(opts, model);
        List<LabelledDataset.Entry> data;
        try {
            data = LabelledDataset.load(input, opts, labelColumn, s -> !isHistory(s));
        } catch (LabelledDataset.UnlabelledSeriesException e) {
            // most often a fault-free recording kept beside the labelled ones (SKAB's layout): it is the history
            throw new IllegalArgumentException(e.getMessage() + ". If it is a fault-free recording, pass it as --history "
                    + e.series().source() + (history == null ? "" : " (in place of " + history + ")")
                    + ": each series is then scored after it, and it is not counted. A model calibrated on it ('calibrate "
                    + e.series().source() + " --out MODEL') carries what it teaches to score, run and streams too", e);
        }
        PrintWriter err = spec.commandLine().getErr();
        ProgressBar bar = new ProgressBar(err);
        DirectRunner runner = new DirectRunner(model, config);
        CsvSeries hist = history == null ? null : new CsvReader(opts).readOne(history);
        List<SeriesCase> cases = new ArrayList<>(data.size());
        List<CsvSeries> scoredSeries = new ArrayList<>(data.size());
        for (LabelledDataset.Entry e : data) scoredSeries.add(columns == null ? ModelColumns.arranged(e.series(), model) : e.series());
        long rows = 0, started = System.nanoTime();
        List<String> orderNotes = new ArrayList<>();
        Outcome[][] asOneKey = oneKey ? asOneKey(runner, hist, scoredSeries, config) : null;
        for (int i = 0; i < data.size(); i++) {
            LabelledDataset.Entry e = data.get(i);
            CsvSeries s = scoredSeries.get(i);
            Outcome[] outcomes = oneKey ? asOneKey[i] : hist == null ? runner.run(s.key(), s.channels(), s.times(), s.values())
                    : afterHistory(runner, hist, s.key(), s.channels(), s.times(), s.values(), config);
            String order = OrderNote.of(s, outcomes);
            if (order != null) orderNotes.add(order);
            if (scored != null) writeScored(s, outcomes);
            cases.add(new SeriesCase(s.key(), s.times(), e.labels(), Verdicts.of(outcomes)));
            rows += s.size();
            bar.draw("evaluate", cases.size() / (double) data.size(), s.key(), cases.size() == data.size());
        }
        bar.done();
        Evaluation evaluation = Evaluation.of(cases);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "Labelled evaluation of %s: %d series, %,d rows, %d labelled windows; model %s, direct runner%s, %.1f s%n%n",
                input, data.size(), rows, evaluation.overall().windows(), model.versionId(),
                (oneKey ? ", the series as one key's runs in time order" : "")
                        + (hist == null ? "" : String.format(Locale.ROOT, oneKey ? ", after %,d rows of %s" : ", each key first shown %,d rows of %s", hist.size(), history)),
                (System.nanoTime() - started) / 1e9);
        out.print(EvaluationTable.render(evaluation));
        out.flush();
        String hint = hist != null || oneKey ? null : NormalStateNotes.forKeys(model, scoredSeries,
                ", or replay it before each series (--history FILE); recordings of one device can also follow each other as one key's runs (--one-key)");
        if (hint != null) err.println(hint);
        orderNotes.forEach(err::println);
        String untimed = CsvLayoutOptions.untimedNote(scoredSeries);
        if (untimed != null) err.println(untimed);
        if (json != null) {
            Map<String, String> about = new LinkedHashMap<>();
            about.put("input", input.toString());
            about.put("model_version", model.versionId());
            if (history != null) about.put("history", history.toString());
            if (oneKey) about.put("one_key", "true");
            about.put("detector_settings", config.toString());
            EvaluationJson.write(evaluation, about, json);
            err.println("metrics as JSON: " + json);
        }
        if (scored != null) err.println("scored CSVs: " + scored + " (chart them with: lookahead report " + scored + " --labels " + input + " --out REPORT_DIR)");
        err.flush();
        return 0;
    }

    /**
     * The series' outcomes after the history's rows are scored (not returned). The history keeps the times it was
     * recorded when it ends before the series starts, so a recording that continues it is joined as it happened;
     * otherwise it is moved to end a pause before the series ({@link KeyRuns#pause}: the detector's
     * {@code new-run-after-ms}, and more intervals than it imputes across). A recording made apart from the history (another run of the
     * rig, a SKAB experiment) then follows it as a new run of the key: its recurrent state starts again and warms up,
     * its level is anchored on its own first points, and the rest of what the key learned (its scales, relations,
     * evidence and model adaptation) carries over. Joined one interval apart, the two runs' different states were a
     * step the forecaster carried; and without the anchor, an offset between them (a run at another temperature)
     * held an incident open through the recording (docs/ACCURACY.md, "Runs at other operating points").
     */
    private static Outcome[] afterHistory(DirectRunner runner, CsvSeries hist, String key, List<String> channels, long[] times,
                                          double[][] values, DetectorConfig config) {
        int[] column = new int[channels.size()];
        for (int c = 0; c < column.length; c++) {
            column[c] = hist.channels().indexOf(channels.get(c));
            if (column[c] < 0)
                throw new IllegalArgumentException("--history has no channel '" + channels.get(c) + "' of series " + key + "; it has " + hist.channels());
        }
        int h = hist.size(), n = times.length;
        long end = hist.times()[h - 1];
        long shift = end < times[0] ? 0 : times[0] - KeyRuns.pause(n > 1 ? times : hist.times(), config) - end;
        long[] t = new long[h + n];
        double[][] v = new double[h + n][];
        for (int i = 0; i < h; i++) {
            t[i] = hist.times()[i] + shift;
            v[i] = new double[column.length];
            for (int c = 0; c < column.length; c++) v[i][c] = hist.values()[i][column[c]];
        }
        System.arraycopy(times, 0, t, h, n);
        System.arraycopy(values, 0, v, h, n);
        return Arrays.copyOfRange(runner.run(key, channels, t, v), h, h + n);
    }

    /**
     * Every series' outcomes, scored as one key's runs ({@link KeyRuns}), after the history when there is one (placed
     * as {@link #afterHistory} places it before the earliest series); in the order of {@code series}.
     */
    private Outcome[][] asOneKey(DirectRunner runner, CsvSeries hist, List<CsvSeries> series, DetectorConfig config) {
        KeyRuns runs = KeyRuns.of(series, config);
        String key = KeyRuns.keyFor(input);
        return runs.split(hist == null ? runner.run(key, runs.channels(), runs.times(), runs.values())
                : afterHistory(runner, hist, key, runs.channels(), runs.times(), runs.values(), config));
    }

    /** Whether a series under DIR is the --history file itself: the history, not a series (SKAB ships it beside them). */
    private boolean isHistory(CsvSeries s) {
        try {
            return history != null && Files.exists(history) && Files.isSameFile(Path.of(s.source()), history);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void writeScored(CsvSeries s, Outcome[] outcomes) throws java.io.IOException {
        Path file = scored.resolve(s.key() + ".csv");
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            ScoredCsvWriter csv = new ScoredCsvWriter(w, s.channels(), s.timestampFormat());
            csv.writeHeader();
            for (int i = 0; i < outcomes.length; i++) csv.writeRow(ScoredRows.of(outcomes[i], s.values()[i]));
            csv.flush();
        }
    }
}
