package dev.lookahead.training;

import dev.lookahead.model.ModelArchitecture;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fine-tuning a trained base on a new regime lowers forecast error on that regime. */
class LstmFineTuneTest {

    @Test
    void fineTuningOnANewRegimeLowersItsError() {
        ModelArchitecture arch = ModelArchitecture.univariate(32, 1);
        TrainerConfig baseCfg = TrainerConfig.builder(arch).maxEpochs(8).seed(21).build();
        LstmTrainer base = new LstmTrainer(baseCfg);
        TrainingData regimeA = TrainingData.nextStepOf(SyntheticSeries.noisySine(8, 2048, 24, 0, 0.1, 100));
        TrainingResult baseResult = base.train(regimeA);

        // New regime: longer period and a level shift. Held-out test series are generated with another seed.
        TrainingData regimeB = TrainingData.nextStepOf(SyntheticSeries.noisySine(8, 1024, 50, 0.5, 0.1, 200));
        List<TrainingWindow> testB = TrainingData.nextStepOf(SyntheticSeries.noisySine(2, 1024, 50, 0.5, 0.1, 300))
                .windows(64, 64);
        double baseOnA = baseResult.bestValidationLoss();
        double before = base.validationLoss(baseResult.weights(), testB);

        TrainerConfig ftCfg = baseCfg.toBuilder().maxEpochs(6).seed(22).build();
        LstmTrainer ft = new LstmTrainer(ftCfg);
        TrainingResult ftResult = ft.train(regimeB, baseResult.weights(), TrainingProgress.NONE);
        double after = ft.validationLoss(ftResult.weights(), testB);

        // The fine-tune run started from the base weights: its initial validation loss is theirs.
        List<TrainingWindow> valB = ft.split(ft.windows(regimeB)).validation();
        assertEquals(ft.validationLoss(baseResult.weights(), valB), ftResult.initialValidationLoss(), 1e-6);

        System.out.printf("base (period 24): validation MSE %.5f after %d epochs, %d ms%n",
                baseOnA, baseResult.epochs(), baseResult.elapsedMillis());
        System.out.printf("new regime (period 50, +0.5) test MSE: before fine-tuning %.5f, after %.5f "
                        + "(%d epochs on %d windows, %d ms)%n",
                before, after, ftResult.epochs(), ftResult.trainWindows(), ftResult.elapsedMillis());
        assertTrue(after < before, "fine-tuned " + after + " vs base " + before);
        assertTrue(after < 0.5 * before, "fine-tuning should clearly help: " + after + " vs " + before);
    }
}
