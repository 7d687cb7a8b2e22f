package dev.lookahead.training;

import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.model.LstmModel;
import dev.lookahead.model.LstmWeights;
import dev.lookahead.model.ModelArchitecture;
import dev.lookahead.model.Provenance;
import dev.lookahead.preprocessing.TrainingSequences;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains a versioned model from raw series: normalises them exactly as the detector will online
 * ({@link TrainingSequences}), trains with {@link LstmTrainer}, and records provenance.
 *
 * <p>A univariate architecture learns from every channel of every series as a separate sequence, which is how
 * the detector runs it (one lane per channel); a multivariate one needs series with its channels, in its order.
 */
public final class ModelFactory {

    /** One raw training series: rows of values in the architecture's channel order (or one column). */
    public record RawSeries(String name, long[] times, double[][] values) {
    }

    private final TrainerConfig trainer;
    private final DetectorConfig detector;

    public ModelFactory(TrainerConfig trainer, DetectorConfig detector) {
        this.trainer = trainer;
        this.detector = detector;
    }

    /** Normalised training data for the architecture, from raw series. */
    public TrainingData data(List<RawSeries> series) {
        ModelArchitecture a = trainer.architecture();
        List<float[][]> inputs = new ArrayList<>();
        List<float[][]> targets = new ArrayList<>();
        for (RawSeries s : series) {
            int cols = s.values().length == 0 ? 0 : s.values()[0].length;
            List<double[][]> columns = new ArrayList<>();
            if (a.channelCount() == 1) {
                for (int ch = 0; ch < cols; ch++) {
                    double[][] one = new double[s.values().length][1];
                    for (int t = 0; t < one.length; t++) one[t][0] = s.values()[t][ch];
                    columns.add(one);
                }
            } else {
                if (cols != a.channelCount())
                    throw new IllegalArgumentException("series " + s.name() + " has " + cols + " channels; the model needs " + a.channels());
                columns.add(s.values());
            }
            for (double[][] raw : columns) {
                for (TrainingSequences.Sequence seq : TrainingSequences.of(raw, detector.normalisationWindow(),
                        detector.robustAfter(), detector.robustClip(), detector.inputClip(), detector.settlePoints())) {
                    if (seq.length() < trainer.windowLength()) continue;
                    inputs.add(seq.inputs());
                    targets.add(seq.targets());
                }
            }
        }
        if (inputs.isEmpty())
            throw new IllegalArgumentException("no training sequence is at least " + trainer.windowLength()
                    + " points long after removing non-finite values; give longer series or a shorter --window");
        return new TrainingData(inputs, targets);
    }

    /**
     * Trains a model of {@code group} at {@code version}, from scratch or from {@code parent}.
     *
     * @param describe what the data was, for provenance
     */
    public Trained train(List<RawSeries> series, String group, long version, LstmModel parent, String describe,
                         TrainingProgress progress, long createdAt) {
        if (parent != null && !parent.architecture().equals(trainer.architecture()))
            throw new IllegalArgumentException("parent model " + parent.versionId() + " has architecture " + parent.architecture().describe()
                    + " but training is configured for " + trainer.architecture().describe());
        TrainingData data = data(series);
        LstmTrainer t = new LstmTrainer(trainer);
        LstmWeights start = parent == null ? null : parent.weights();
        TrainingResult r = t.train(data, start, progress);
        long from = Long.MAX_VALUE, to = Long.MIN_VALUE;
        for (RawSeries s : series) {
            for (long time : s.times()) {
                from = Math.min(from, time);
                to = Math.max(to, time);
            }
        }
        Map<String, String> notes = new LinkedHashMap<>();
        notes.put("epochs", Integer.toString(r.epochs()));
        notes.put("bestEpoch", Integer.toString(r.bestEpoch()));
        notes.put("initialValidationLoss", String.format(Locale.ROOT, "%.6g", r.initialValidationLoss()));
        notes.put("learningRate", Double.toString(trainer.learningRate()));
        notes.put("batchSize", Integer.toString(trainer.batchSize()));
        notes.put("trainWindows", Integer.toString(r.trainWindows()));
        notes.put("validationWindows", Integer.toString(r.validationWindows()));
        notes.put("normalisation", "robust online, window " + detector.normalisationWindow() + ", clip " + detector.inputClip());
        Provenance p = new Provenance(parent == null ? null : parent.version(),
                "lookahead train (ND4J BPTT, Adam, truncated windows of " + trainer.windowLength() + ")",
                describe, from == Long.MAX_VALUE ? null : from, to == Long.MIN_VALUE ? null : to,
                r.trainWindows() + (long) r.validationWindows(), trainer.windowLength(), r.bestTrainLoss(),
                r.bestValidationLoss(), trainer.seed(), createdAt, notes);
        return new Trained(new LstmModel(group, version, r.weights(), p), r, data.steps());
    }

    /** A trained model with the trainer's report and the number of training steps. */
    public record Trained(LstmModel model, TrainingResult result, long steps) {
    }
}
