package dev.lookahead.finetune;

import dev.lookahead.model.LstmModel;
import dev.lookahead.model.ModelArchitecture;
import dev.lookahead.model.Provenance;
import dev.lookahead.training.LstmTrainer;
import dev.lookahead.training.TrainerConfig;
import dev.lookahead.training.TrainingData;
import dev.lookahead.training.TrainingWindow;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded series for the fine-tuning tests, and a small base model trained on regime A (period 24). */
final class Regimes {

    static final ModelArchitecture ARCH = ModelArchitecture.univariate(32, 1);
    static final long T0 = 1_700_000_000_000L;
    private static LstmModel base;

    private Regimes() {
    }

    /** The optimiser settings of the fine-tuning tests: windows of 64 after a burn-in of 8, batch 64. */
    static TrainerConfig trainer() {
        return TrainerConfig.builder(ARCH).learningRate(3e-3).seed(21).build();
    }

    /** {@code count} series {@code offset + amplitude sin(2 pi (t + phase) / period) + N(0, noise^2)}, seeded. */
    static List<float[][]> sine(int count, int length, double period, double offset, double noise, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<float[][]> out = new ArrayList<>(count);
        for (int s = 0; s < count; s++) {
            double phase = r.nextDouble(0, period);
            float[][] x = new float[length][1];
            for (int t = 0; t < length; t++)
                x[t][0] = (float) (offset + Math.sin(2 * Math.PI * (t + phase) / period) + noise * r.nextGaussian());
            out.add(x);
        }
        return out;
    }

    /** Windows of 64 of {@code series}, stamped as if cut online one minute per step from key "s&lt;i&gt;". */
    static List<TimedWindow> timed(List<float[][]> series) {
        List<TimedWindow> out = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            List<TrainingWindow> ws = TrainingData.nextStepOf(series.subList(i, i + 1)).windows(64, 64);
            for (int w = 0; w < ws.size(); w++) {
                long from = T0 + 60_000L * 64 * w;
                out.add(new TimedWindow("s" + i, ws.get(w), from, from + 60_000L * 64));
            }
        }
        return out;
    }

    static List<TrainingWindow> plain(List<TimedWindow> ws) {
        return ws.stream().map(TimedWindow::window).toList();
    }

    /** Version 1 of group "test": trained once per JVM on regime A, 6 epochs. */
    static synchronized LstmModel base() {
        if (base == null) {
            TrainerConfig cfg = trainer().toBuilder().maxEpochs(6).build();
            var r = new LstmTrainer(cfg).train(TrainingData.nextStepOf(sine(6, 1024, 24, 0, 0.1, 100)));
            base = new LstmModel("test", 1, r.weights(), Provenance.untrained(21));
        }
        return base;
    }
}
