package dev.lookahead.training;

import dev.lookahead.model.LstmWeights;
import dev.lookahead.model.ModelArchitecture;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.config.Adam;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Trains (or fine-tunes) an {@link LstmWeights} next-step forecaster with backpropagation through time on ND4J
 * arrays ({@link BpttNetwork}): windows of L steps,
 * truncated BPTT from a zero state per window, MSE after a burn-in, Adam, global-norm gradient clipping, early
 * stopping on validation loss that restores the best weights. Every random source is seeded from
 * {@link TrainerConfig#seed()}, so the same data and config give the same weights.
 *
 * <p>Not thread-safe: use one trainer per thread. ND4J is set to one thread (see {@link Nd4jSupport#configure()}).
 */
public final class LstmTrainer {

    private final TrainerConfig config;

    public LstmTrainer(TrainerConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public TrainerConfig config() {
        return config;
    }

    /** Trains from {@code LstmWeights.initialise(architecture, seed)}. */
    public TrainingResult train(TrainingData data) {
        return train(data, null, TrainingProgress.NONE);
    }

    /** Trains from {@code start} (fine-tuning), or from seeded initial weights when {@code start} is null. */
    public TrainingResult train(TrainingData data, LstmWeights start, TrainingProgress progress) {
        List<TrainingWindow> all = windows(data);
        if (all.isEmpty())
            throw new IllegalArgumentException("no window of " + config.windowLength() + " steps in the data ("
                    + data.inputs().size() + " sequences, " + data.steps() + " steps)");
        WindowSplit split = split(all);
        return train(split.train(), split.validation(), start, progress);
    }

    /** The windows {@link #train(TrainingData)} cuts: length L with the configured stride, in sequence order. */
    public List<TrainingWindow> windows(TrainingData data) {
        return data.windows(config.windowLength(), config.stride());
    }

    /**
     * Deterministic train/validation split by the seed. With at least
     * two windows and a non-zero fraction each side gets at least one. Overlapping windows (stride &lt; L) can
     * share steps across the split; validation loss is then slightly optimistic.
     */
    public WindowSplit split(List<TrainingWindow> windows) {
        int n = windows.size();
        int[] idx = permutation(n, new SplittableRandom(config.seed()));
        int nVal = (int) Math.round(config.validationFraction() * n);
        if (config.validationFraction() > 0 && n >= 2) nVal = Math.max(1, Math.min(n - 1, nVal));
        List<TrainingWindow> val = new ArrayList<>(nVal), train = new ArrayList<>(n - nVal);
        // Keep each side in the original order so results do not depend on the permutation beyond membership.
        boolean[] isVal = new boolean[n];
        for (int i = 0; i < nVal; i++) isVal[idx[i]] = true;
        for (int i = 0; i < n; i++) (isVal[i] ? val : train).add(windows.get(i));
        return new WindowSplit(train, val);
    }

    /**
     * The core loop on given windows: train on {@code train}, early-stop on {@code validation} (on the training
     * loss when {@code validation} is empty). {@code start} null means seeded initial weights.
     */
    public TrainingResult train(List<TrainingWindow> train, List<TrainingWindow> validation, LstmWeights start,
                                TrainingProgress progress) {
        long t0 = System.nanoTime();
        Nd4jSupport.configure();
        Nd4j.getRandom().setSeed(config.seed());
        ModelArchitecture arch = config.architecture();
        if (start != null && !start.architecture().equals(arch))
            throw new IllegalArgumentException("start weights are " + start.architecture().describe()
                    + ", config says " + arch.describe());
        if (train.isEmpty()) throw new IllegalArgumentException("no training windows");
        checkWindows(train, arch);
        checkWindows(validation, arch);
        for (List<TrainingWindow> ws : List.of(train, validation))
            if (!ws.isEmpty() && ws.get(0).length() != config.windowLength())
                throw new IllegalArgumentException("windows have " + ws.get(0).length() + " steps, config says " + config.windowLength());
        TrainingProgress cb = progress == null ? TrainingProgress.NONE : progress;
        LstmWeights init = start != null ? start : LstmWeights.initialise(arch, config.seed());

        int bs = config.batchSize();
        BpttNetwork g = new BpttNetwork(init, config.windowLength(), config.burnIn(), bs, DataType.FLOAT);
        Batches trainB = new Batches(train);
        Batches valB = validation.isEmpty() ? null : new Batches(validation);
        Batches monitor = valB != null ? valB : trainB;

        int np = g.params.length;
        AdamUpdater[] adam = new AdamUpdater[np];
        INDArray[] adamState = new INDArray[np];
        for (int i = 0; i < np; i++) {
            INDArray p = g.params[i];
            adam[i] = new AdamUpdater(new Adam(config.learningRate()));
            adamState[i] = Nd4j.zeros(DataType.FLOAT, 1, 2 * p.length());
            adam[i].setStateViewArray(adamState[i], p.shape(), 'c', true);
        }

        double initial = meanLoss(g, monitor);
        double best = initial;
        int bestEpoch = 0;
        LstmWeights bestWeights = init;
        List<Double> trainLosses = new ArrayList<>(), valLosses = new ArrayList<>();
        SplittableRandom shuffle = new SplittableRandom(config.seed() ^ 0x9E3779B97F4A7C15L);
        int sinceBest = 0, iteration = 0;
        boolean stoppedEarly = false;
        int batches = (train.size() + bs - 1) / bs;
        int epochs = config.epochsFor(batches);
        cb.onStart(epochs, batches);

        for (int epoch = 1; epoch <= epochs; epoch++) {
            int[] order = permutation(train.size(), shuffle);
            double sum = 0;
            for (int b = 0; b < batches; b++) {
                int from = b * bs, n = Math.min(bs, train.size() - from);
                double loss = g.lossAndGradients(trainB.xs, trainB.ys, order, from, n);
                step(g, adam, iteration++, epoch - 1);
                sum += loss * n;
                cb.onBatch(epoch, b + 1, batches, loss);
            }
            double trainLoss = sum / train.size();
            double monitored = valB != null ? meanLoss(g, valB) : trainLoss;
            trainLosses.add(trainLoss);
            valLosses.add(monitored);
            cb.onEpoch(epoch, trainLoss, monitored);
            if (!Double.isFinite(trainLoss) || !Double.isFinite(monitored)) {
                stoppedEarly = epoch < epochs;
                break;   // diverged: keep the best finite weights
            }
            if (monitored < best) {
                best = monitored;
                bestEpoch = epoch;
                bestWeights = g.export();
                sinceBest = 0;
            } else if (++sinceBest >= config.patience()) {
                stoppedEarly = epoch < epochs;
                break;
            }
        }
        g.close();
        Nd4jSupport.close(adamState);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        return new TrainingResult(bestWeights, trainLosses, valLosses, initial, best, bestEpoch, train.size(),
                validation.size(), ms, stoppedEarly);
    }

    /**
     * Loss (MSE on normalised values, after the burn-in) of {@code weights} on {@code windows}: the mean over
     * windows, so batching does not change it. Used by the validation gate of online fine-tuning. All windows
     * must have the same length (the burn-in is this trainer's).
     */
    public double validationLoss(LstmWeights weights, List<TrainingWindow> windows) {
        if (windows.isEmpty()) throw new IllegalArgumentException("no windows");
        checkWindows(windows, weights.architecture());
        int len = windows.get(0).length();
        if (config.burnIn() >= len) throw new IllegalArgumentException("windows of " + len + " steps are no longer than the burn-in");
        try (BpttNetwork g = new BpttNetwork(weights, len, config.burnIn(), Math.min(config.batchSize(), windows.size()), DataType.FLOAT)) {
            return meanLoss(g, new Batches(windows));
        }
    }

    /** Forecasts of {@code weights} for every step of every window, computed by the training network's forward pass. */
    public float[][][] forecasts(LstmWeights weights, List<TrainingWindow> windows) {
        if (windows.isEmpty()) return new float[0][][];
        checkWindows(windows, weights.architecture());
        int len = windows.get(0).length();
        int bs = Math.min(config.batchSize(), windows.size());
        Batches all = new Batches(windows);
        float[][][] out = new float[windows.size()][][];
        try (BpttNetwork g = new BpttNetwork(weights, len, 0, bs, DataType.FLOAT)) {
            for (int from = 0; from < windows.size(); from += bs) {
                int n = Math.min(bs, windows.size() - from);
                float[][][] part = g.predict(all.xs, from, n);
                System.arraycopy(part, 0, out, from, n);
            }
        }
        return out;
    }

    /** One Adam step on every parameter, after scaling all gradients together to the clip norm. */
    private void step(BpttNetwork g, AdamUpdater[] adam, int iteration, int epoch) {
        double sq = 0;
        for (INDArray gr : g.grads) {
            double n2 = gr.norm2Number().doubleValue();
            sq += n2 * n2;
        }
        double norm = Math.sqrt(sq);
        double scale = config.clipNorm() > 0 && norm > config.clipNorm() ? config.clipNorm() / norm : 1.0;
        for (int i = 0; i < g.grads.length; i++) {
            INDArray grad = g.grads[i];
            if (scale != 1.0) grad.muli(scale);
            adam[i].applyUpdater(grad, iteration, epoch);   // grad now holds the update
            g.params[i].subi(grad);
        }
    }

    private double meanLoss(BpttNetwork g, Batches b) {
        double sum = 0;
        int bs = g.maxBatch;
        for (int from = 0; from < b.size(); from += bs) {
            int n = Math.min(bs, b.size() - from);
            sum += g.loss(b.xs, b.ys, null, from, n) * n;
        }
        return sum / b.size();
    }

    private void checkWindows(List<TrainingWindow> windows, ModelArchitecture arch) {
        if (windows.isEmpty()) return;
        int len = windows.get(0).length();
        for (TrainingWindow w : windows) {
            if (w.length() != len) throw new IllegalArgumentException("windows must have equal length");
            if (w.channels() != arch.channelCount())
                throw new IllegalArgumentException("window has " + w.channels() + " channels, model " + arch.channelCount());
        }
    }

    private static int[] permutation(int n, SplittableRandom r) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Windows as input/target lists. */
    private static final class Batches {
        final List<float[][]> xs = new ArrayList<>(), ys = new ArrayList<>();

        Batches(List<TrainingWindow> w) {
            for (TrainingWindow t : w) {
                xs.add(t.input());
                ys.add(t.target());
            }
        }

        int size() {
            return xs.size();
        }
    }
}
