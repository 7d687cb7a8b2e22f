package dev.lookahead.training;

import dev.lookahead.model.LstmWeights;
import dev.lookahead.model.ModelArchitecture;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LstmTrainerTest {

    static final ModelArchitecture ARCH = ModelArchitecture.univariate(32, 1);

    @Test
    void lossFallsOnNoisySineAndStepperReproducesTheTrainedNetwork() {
        TrainingData data = TrainingData.nextStepOf(SyntheticSeries.noisySine(16, 2048, 24, 0, 0.1, 11));
        TrainerConfig cfg = TrainerConfig.builder(ARCH).maxEpochs(10).seed(5).build();
        LstmTrainer trainer = new LstmTrainer(cfg);
        int[] batchCalls = {0};
        TrainingResult r = trainer.train(data, null, (epoch, batch, batches, loss) -> batchCalls[0]++);

        System.out.printf("noisy sine H=32: %d train / %d validation windows, %d epochs, %d ms%n",
                r.trainWindows(), r.validationWindows(), r.epochs(), r.elapsedMillis());
        System.out.printf("validation loss: initial %.5f -> best %.5f (epoch %d); per epoch %s%n",
                r.initialValidationLoss(), r.bestValidationLoss(), r.bestEpoch(), r.validationLoss());
        System.out.printf("train loss per epoch %s%n", r.trainLoss());
        assertTrue(r.bestValidationLoss() < 0.5 * r.initialValidationLoss(),
                "validation loss " + r.bestValidationLoss() + " vs initial " + r.initialValidationLoss());
        // Noise floor is 0.01 (noise sd 0.1); a trained net should be within a few times of it.
        assertTrue(r.bestValidationLoss() < 0.05, "validation loss " + r.bestValidationLoss());
        assertTrue(batchCalls[0] > 0);

        // The reported best validation loss is the loss of the returned weights on the validation windows.
        WindowSplit split = trainer.split(trainer.windows(data));
        assertEquals(r.validationWindows(), split.validation().size());
        double again = trainer.validationLoss(r.weights(), split.validation());
        assertEquals(r.bestValidationLoss(), again, 1e-6);

        // The per-point stepper, run over validation windows with the exported weights, reproduces the trained
        // BPTT network's forecasts and the lstmLayer reference.
        List<TrainingWindow> some = split.validation().subList(0, Math.min(8, split.validation().size()));
        float[][][] graph = trainer.forecasts(r.weights(), some);
        double maxGraph = 0, maxRef = 0;
        for (int i = 0; i < some.size(); i++) {
            float[][] step = LstmStepperReferenceTest.runStepper(r.weights(), some.get(i).input());
            maxGraph = Math.max(maxGraph, LstmStepperReferenceTest.maxAbsDiff(step, graph[i]));
            maxRef = Math.max(maxRef, LstmStepperReferenceTest.maxAbsDiff(step,
                    Nd4jLstmReference.forecast(r.weights(), some.get(i).input())));
        }
        System.out.printf("trained weights: stepper vs BPTT network max abs diff %.3g, vs lstmLayer reference %.3g%n",
                maxGraph, maxRef);
        assertTrue(maxGraph <= 1e-5, "stepper vs graph " + maxGraph);
        assertTrue(maxRef <= 1e-5, "stepper vs reference " + maxRef);
    }

    /** A small input takes the least steps asked for: the epoch cap rises from 2 to the 5 epochs its 10 steps need. */
    @Test
    void aSmallInputTrainsForTheLeastStepsAskedFor() {
        TrainingData data = TrainingData.nextStepOf(SyntheticSeries.noisySine(2, 600, 24, 0, 0.1, 3));
        TrainerConfig capped = TrainerConfig.builder(ARCH).maxEpochs(2).batchSize(16).patience(100).seed(9).build();
        int[] batches = new int[1], cap = new int[1];
        TrainingResult two = new LstmTrainer(capped).train(data, null, new TrainingProgress() {
            public void onBatch(int epoch, int batch, int n, double loss) { batches[0] = n; }
            public void onStart(int epochs, int n) { cap[0] = epochs; }
        });
        assertEquals(2, two.epochs());
        assertEquals(2, cap[0]);
        assertEquals(2, batches[0], "this input is two batches an epoch");
        TrainerConfig floored = capped.toBuilder().minSteps(10).build();
        TrainingResult five = new LstmTrainer(floored).train(data, null, new TrainingProgress() {
            public void onBatch(int epoch, int batch, int n, double loss) { }
            public void onStart(int epochs, int n) { cap[0] = epochs; }
        });
        assertEquals(5, cap[0]);
        assertEquals(5, five.epochs());
        assertEquals(2, floored.toBuilder().minSteps(0).build().epochsFor(3));
        assertEquals(5, floored.toBuilder().minSteps(13).build().epochsFor(3));
    }

    @Test
    void sameSeedSameWeights() {
        TrainingData data = TrainingData.nextStepOf(SyntheticSeries.noisySine(2, 600, 24, 0, 0.1, 3));
        TrainerConfig cfg = TrainerConfig.builder(ARCH).maxEpochs(2).batchSize(16).seed(9).build();
        LstmWeights a = new LstmTrainer(cfg).train(data).weights();
        LstmWeights b = new LstmTrainer(cfg).train(data).weights();
        assertEquals(a, b);
        LstmWeights c = new LstmTrainer(cfg.toBuilder().seed(10).build()).train(data).weights();
        assertTrue(!a.equals(c), "a different seed should give different weights");
    }

    @Test
    void windowsAndSplit() {
        float[][] s = new float[101][1];
        for (int t = 0; t < s.length; t++) s[t][0] = t;
        TrainingData d = TrainingData.nextStepOf(List.<float[][]>of(s));
        assertEquals(100, d.steps());
        List<TrainingWindow> w = d.windows(20, 10);
        assertEquals(9, w.size());                            // starts 0, 10, ..., 80
        assertEquals(10f, w.get(1).input()[0][0]);
        assertEquals(11f, w.get(1).target()[0][0]);           // target = next value
        LstmTrainer t = new LstmTrainer(TrainerConfig.builder(ModelArchitecture.univariate(4, 1))
                .windowLength(20).seed(1).build());
        WindowSplit split = t.split(w);
        assertEquals(2, split.validation().size());                     // round(0.2 * 9)
        assertEquals(7, split.train().size());
        WindowSplit again = t.split(w);
        assertEquals(split.validation(), again.validation());                     // deterministic by seed
    }
}
