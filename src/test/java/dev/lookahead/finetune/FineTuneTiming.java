package dev.lookahead.finetune;

import dev.lookahead.model.LstmModel;
import dev.lookahead.model.LstmWeights;
import dev.lookahead.model.ModelArchitecture;
import dev.lookahead.model.Provenance;
import dev.lookahead.training.TrainerConfig;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints the wall time of one online fine-tuning round as {@link FineTuner} runs it (a measurement, not a test):
 * 256 training windows x 64 steps, H=32, batch 64, one epoch (4 Adam steps), plus the gate (parent and candidate
 * losses on 64 held-back windows), graph building included. Also with {@code fine-tune.epochs} 2 (the default).
 * Run: {@code ./mvnw -o -q test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt} then
 * {@code OMP_NUM_THREADS=1 java -Xmx2g -cp target/classes:target/test-classes:$(cat cp.txt) dev.lookahead.finetune.FineTuneTiming}.
 */
public final class FineTuneTiming {

    public static void main(String[] args) {
        ModelArchitecture arch = ModelArchitecture.univariate(32, 1);
        LstmModel parent = new LstmModel("timing", 1, LstmWeights.initialise(arch, 1), Provenance.untrained(1));
        List<TimedWindow> train = Regimes.timed(Regimes.sine(16, 1025, 50, 0.5, 0.1, 7));   // 256 windows
        List<TimedWindow> held = Regimes.timed(Regimes.sine(4, 1025, 50, 0.5, 0.1, 8));     // 64 windows
        TrainerConfig trainer = TrainerConfig.builder(arch).seed(3).build();
        for (int epochs : new int[]{1, 2}) {
            FineTuneConfig cfg = FineTuneConfig.builder().epochs(epochs).maxRoundMillis(600_000).build();
            FineTuneRound round = new FineTuneRound(trainer, cfg, Clock.systemUTC());
            List<Long> ms = new ArrayList<>();
            for (int rep = 0; rep < 5; rep++) {
                long t0 = System.nanoTime();
                RoundReport r = round.run(rep + 1, parent, train, held);
                long took = (System.nanoTime() - t0) / 1_000_000;
                if (rep == 0) System.out.printf("epochs=%d first (cold) round: %d ms (%s)%n", epochs, took, r.outcome());
                else ms.add(took);
            }
            ms.sort(null);
            System.out.printf("fine-tuning round, %d train x 64 steps, H=32, batch 64, %d epoch(s) + gate on %d windows: "
                    + "median %d ms (warm runs %s)%n", train.size(), epochs, held.size(), ms.get(ms.size() / 2), ms);
        }
    }
}
