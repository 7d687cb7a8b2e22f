package dev.lookahead.training;

import dev.lookahead.model.LstmWeights;
import dev.lookahead.model.ModelArchitecture;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Prints training costs (a measurement, not a test; timings are never asserted):
 * <ol>
 *   <li>one fine-tuning round: one pass over 256 windows x 64 steps, H=32, batch 64 (4 Adam steps), including
 *       building the BPTT network and the starting loss, as an online fine-tuner would run it;</li>
 *   <li>time per epoch on a stated number of windows (train steps plus the validation pass).</li>
 * </ol>
 * Run: {@code mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt} then
 * {@code OMP_NUM_THREADS=1 java -cp target/classes:target/test-classes:$(cat cp.txt) dev.lookahead.training.TrainerTiming}.
 */
public final class TrainerTiming {

    public static void main(String[] args) {
        ModelArchitecture arch = ModelArchitecture.univariate(32, 1);
        LstmWeights start = LstmWeights.initialise(arch, 1);

        // 1. Fine-tuning rounds of exactly 256 windows (no validation split: the round trains on all of them).
        List<TrainingWindow> windows256 = TrainingData.nextStepOf(SyntheticSeries.noisySine(4, 4097, 50, 0.5, 0.1, 7))
                .windows(64, 64).subList(0, 256);
        TrainerConfig roundCfg = TrainerConfig.builder(arch).maxEpochs(1).validationFraction(0).seed(3).build();
        List<Long> roundMs = new ArrayList<>();
        List<Double> stepMs = new ArrayList<>();
        for (int rep = 0; rep < 6; rep++) {
            long[] last = {System.nanoTime()};
            List<Double> steps = new ArrayList<>();
            long t0 = System.nanoTime();
            TrainingResult r = new LstmTrainer(roundCfg).train(windows256, List.of(), start,
                    new TrainingProgress() {
                        @Override
                        public void onBatch(int epoch, int batch, int batches, double loss) {
                            long now = System.nanoTime();
                            steps.add((now - last[0]) / 1e6);
                            last[0] = now;
                        }
                    });
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (rep > 0) {              // the first round pays JIT and native-library warm-up
                roundMs.add(ms);
                stepMs.addAll(steps.subList(1, steps.size()));   // the first includes graph build + initial loss
            }
            if (rep == 0) System.out.printf("first (cold) round: %d ms, %d train windows%n", ms, r.trainWindows());
        }
        System.out.printf("fine-tuning round, 256 windows x 64 steps, H=32, batch 64, 1 pass: median %d ms (all %s)%n",
                median(roundMs), roundMs);
        System.out.printf("  per Adam step (batch 64 x 64): median %.1f ms%n", medianD(stepMs));

        // 2. Epochs on a larger set: 40 series x 2048 steps, stride 32 -> ~2.5k windows.
        TrainingData data = TrainingData.nextStepOf(SyntheticSeries.noisySine(40, 2049, 24, 0, 0.1, 8));
        TrainerConfig epochCfg = TrainerConfig.builder(arch).maxEpochs(3).patience(10).seed(4).build();
        LstmTrainer trainer = new LstmTrainer(epochCfg);
        long[] lastEpoch = {System.nanoTime()};
        List<Long> epochMs = new ArrayList<>();
        TrainingResult r = trainer.train(data, null, new TrainingProgress() {
            @Override
            public void onBatch(int epoch, int batch, int batches, double loss) {
            }

            @Override
            public void onEpoch(int epoch, double trainLoss, double validationLoss) {
                long now = System.nanoTime();
                epochMs.add((now - lastEpoch[0]) / 1_000_000);
                lastEpoch[0] = now;
            }
        });
        System.out.printf("epochs on %d train + %d validation windows (64 steps, H=32, batch 64): per epoch %s ms "
                        + "(the first includes graph build + initial validation); total %d ms; val loss %s%n",
                r.trainWindows(), r.validationWindows(), epochMs, r.elapsedMillis(), r.validationLoss());
    }

    private static long median(List<Long> v) {
        long[] a = v.stream().mapToLong(Long::longValue).sorted().toArray();
        return a[a.length / 2];
    }

    private static double medianD(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a[a.length / 2];
    }
}
