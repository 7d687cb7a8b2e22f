package dev.lookahead.cli;

import dev.lookahead.detector.Detector;
import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.detector.NormalStateLearner;
import dev.lookahead.evaluation.ThresholdCalibration;
import dev.lookahead.io.CsvReader;
import dev.lookahead.io.CsvSeries;
import dev.lookahead.model.Calibration;
import dev.lookahead.model.LstmModel;
import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.model.NormalState;
import dev.lookahead.model.Provenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code calibrate}: set a model's threshold on a fault-free recording for a false-alarm rate the user names. */
@Command(name = "calibrate", mixinStandardHelpOptions = true, modelTransformer = DetectorOptions.Flags.class,
        description = {"Set the model's anomaly-score threshold on normal data: the lowest threshold at which the detector opens",
                "at most --false-alarms-per-day incidents per key per day of event time on a fault-free recording (every",
                "incident there is a false alarm). Writes the model as a new version with the threshold in it; score, run,",
                "streams and demo use it unless --threshold (detector.threshold) is given. A recording shorter than one",
                "false alarm at the rate takes (1/RATE days per key) can raise the threshold but not lower it under the",
                "detector's own: it cannot show so low a rate. Given one series, the model also stores its normal state:",
                "keys of its channels the model has not seen start from the state a key reaches on the recording. Without",
                "--false-alarms-per-day the threshold stays, and only the normal state is learned."},
        footerHeading = "%nExamples:%n",
        footer = {"  lookahead calibrate normal/ --model rig-model.avro --false-alarms-per-day 1 --out rig-model-calibrated.avro",
                "  lookahead calibrate rig-train.csv --out rig.avro      (the normal state alone, the threshold kept)",
                "  lookahead calibrate quiet-week.csv --false-alarms-per-day 0.2 --out calibrated.avro"})
final class CalibrateCommand extends DetectorCommand {

    @Parameters(paramLabel = "INPUT", arity = "1..*", description = "Fault-free CSV file(s) or directories (the layouts 'score' reads).")
    List<Path> inputs;

    @Option(names = "--false-alarms-per-day", paramLabel = "RATE",
            description = "Incident openings per key per day of event time to allow on the normal data, e.g. 1. Without it the "
                    + "model's threshold stays as it is, and only the normal state is learned (one series).")
    Double perDay;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "Where to write the calibrated model (a ModelSnapshot Avro file).")
    Path out;

    @Mixin
    CsvInputOptions csv = new CsvInputOptions();

    @Option(names = "--no-normal-state", description = "Keep the model's normal state as it is. By default calibrating on one series "
            + "(a fault-free recording) also stores the state a key reaches on it, and every key of its channels the model has not "
            + "seen starts from that state, as a new run: judged from its first fault by the recording's scales and channel relations.")
    boolean noNormalState;

    @Option(names = "--created-at", paramLabel = "MILLIS", description = "Creation time to record (default: now); fix it for reproducible files.")
    Long createdAt;

    @Mixin
    ModelOption modelOption = new ModelOption();

    @Override
    public Integer call() throws Exception {
        if (perDay != null && !(perDay > 0)) throw new IllegalArgumentException("--false-alarms-per-day " + perDay + ": expected a rate > 0");
        DetectorConfig config = detectorOptions().toConfig();
        LstmModel model = modelOption.load();
        CsvReader.Options opts = ModelColumns.options(csv.toOptions(), model);
        List<ThresholdCalibration.Series> series = new ArrayList<>();
        for (Path in : inputs) {
            if (!Files.exists(in)) throw new IllegalArgumentException("input " + in + " does not exist");
            for (CsvSeries s : new CsvReader(opts).read(in)) series.add(new ThresholdCalibration.Series(s.key(), s.channels(), s.times(), s.values()));
        }
        if (series.isEmpty()) throw new IllegalArgumentException("the inputs hold no CSV series");
        if (perDay == null && (series.size() != 1 || noNormalState))
            throw new IllegalArgumentException("nothing to calibrate: give --false-alarms-per-day RATE for a threshold, or one series"
                    + " (without --no-normal-state) for a normal state; the inputs hold " + series.size() + " series");
        String data = series.size() + " fault-free series from " + inputs;
        long t0 = System.nanoTime();
        Calibration c = perDay == null ? model.calibration() : ThresholdCalibration.calibrate(model, config, series, perDay, data);
        Provenance p = model.provenance();
        Map<String, String> notes = new LinkedHashMap<>(p.notes());
        notes.put("calibrated-from", model.versionId());
        LstmModel calibrated = new LstmModel(model.group(), model.version() + 1, model.weights(),
                new Provenance(model.version(), perDay == null ? "lookahead calibrate (normal state)" : "lookahead calibrate (threshold for " + perDay + " false alarms per key per day)",
                        p.trainingData(), p.dataFrom(), p.dataTo(), p.windows(), p.windowLength(), p.trainLoss(), p.validationLoss(),
                        p.seed(), createdAt != null ? createdAt : System.currentTimeMillis(), notes), c, model.normalState());
        PrintWriter err = spec.commandLine().getErr();
        if (series.size() == 1 && !noNormalState) {
            ThresholdCalibration.Series one = series.get(0);
            NormalState normal = NormalStateLearner.learn(calibrated, config, one.channels(), one.times(), one.values(), data);
            calibrated = calibrated.withNormalState(normal);
            err.println(NormalStateNotes.learned(normal, one.times().length, one.key()));
        }
        ModelSnapshots.write(calibrated, out);
        if (perDay == null)
            err.printf(Locale.ROOT, "threshold kept: %.4f%n", Detector.effectiveThreshold(config, calibrated));
        else err.printf(Locale.ROOT, "calibrated %s on %.2f key-days of %d series in %.1f s: threshold %.4f gives %.2f false alarms per key per day (asked %.2f)%s%n",
                model.versionId(), c.keyDays(), series.size(), (System.nanoTime() - t0) / 1e9, c.threshold(), c.measuredPerDay(), perDay,
                c.measuredPerDay() > perDay ? " - the highest threshold tried still opens more: the data is not normal, or the rate is too low for it"
                        : ThresholdCalibration.tooShort(c.keyDays(), perDay) ? String.format(Locale.ROOT,
                        " - %.2f key-days are fewer than the %.2f one false alarm at that rate takes, so the threshold is not"
                                + " lowered under the detector's own (%.4f)", c.keyDays(), 1 / perDay, Detector.effectiveThreshold(config, model)) : "");
        err.println("wrote " + calibrated.versionId() + " to " + out);
        err.flush();
        return 0;
    }
}
