package dev.lookahead.finetune;

import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.model.GateDecision;
import dev.lookahead.model.LstmModel;
import dev.lookahead.model.LstmWeights;
import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.training.LstmTrainer;
import dev.lookahead.training.TrainingData;
import dev.lookahead.training.TrainingWindow;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One round: it helps after a regime change, the gate refuses a poisoned candidate, the budget is enforced. */
class FineTuneRoundTest {

    private static final Clock FIXED = Clock.fixed(Instant.ofEpochMilli(1_800_000_000_000L), ZoneOffset.UTC);

    private static FineTuneConfig config() {
        return FineTuneConfig.builder().epochs(4).margin(0.0).build();
    }

    @Test
    void afterARegimeChangeARoundLowersForecastErrorAndRecordsProvenance() {
        LstmModel parent = Regimes.base();
        // New regime: period 50 and a level shift of 0.5. Train, gate and test data are separate seeded series.
        List<TimedWindow> train = Regimes.timed(Regimes.sine(16, 1025, 50, 0.5, 0.1, 200));   // 16 x 16 = 256 windows
        List<TimedWindow> held = Regimes.timed(Regimes.sine(4, 1025, 50, 0.5, 0.1, 300));
        List<TrainingWindow> test = Regimes.plain(Regimes.timed(Regimes.sine(4, 1025, 50, 0.5, 0.1, 400)));
        assertEquals(256, train.size());

        RoundReport r = new FineTuneRound(Regimes.trainer(), config(), FIXED).run(1, parent, train, held);
        LstmTrainer t = new LstmTrainer(Regimes.trainer());
        double before = t.validationLoss(parent.weights(), test), after = t.validationLoss(r.candidate().weights(), test);
        System.out.printf("regime change (period 24 -> 50, +0.5): test MSE before %.5f, after one round %.5f; "
                        + "gate %.5f -> %.5f; %d windows, %d ms%n",
                before, after, r.parentLoss(), r.candidateLoss(), r.trainWindows(), r.elapsedMillis());

        assertEquals(RoundOutcome.ACCEPTED, r.outcome(), r.message());
        assertTrue(after < 0.7 * before, "one round should clearly help on the new regime: " + after + " vs " + before);
        LstmModel child = r.candidate();
        assertEquals("test:2", child.versionId());
        assertEquals(1L, child.provenance().parentVersion());
        assertEquals(Regimes.T0, child.provenance().dataFrom());
        assertEquals(Regimes.T0 + 60_000L * 64 * 16, child.provenance().dataTo());
        assertEquals(256, child.provenance().windows());
        assertEquals(64, child.provenance().windowLength());
        assertEquals(r.candidateLoss(), child.provenance().validationLoss());
        assertEquals(FIXED.millis(), child.provenance().createdAt());
        assertEquals("16", child.provenance().notes().get("keys"));
    }

    @Test
    void theGateRejectsACandidateTrainedOnPoisonedWindows() {
        LstmModel parent = Regimes.base();
        // Poison: noise with large spikes, what an unfiltered reservoir could hold during an incident.
        SplittableRandom r = new SplittableRandom(7);
        List<float[][]> poison = new ArrayList<>();
        for (int s = 0; s < 8; s++) {
            float[][] x = new float[1025][1];
            for (int i = 0; i < x.length; i++) x[i][0] = (float) (r.nextDouble() < 0.1 ? 8 * (r.nextBoolean() ? 1 : -1) : 2 * r.nextGaussian());
            poison.add(x);
        }
        List<TimedWindow> clean = Regimes.timed(Regimes.sine(4, 1025, 24, 0, 0.1, 500));   // recent data: regime A
        RoundReport report = new FineTuneRound(Regimes.trainer(), config(), FIXED).run(3, parent, Regimes.timed(poison), clean);
        System.out.println("poisoned round: " + report.message());

        assertEquals(RoundOutcome.REJECTED, report.outcome(), report.message());
        assertNull(report.candidate());
        assertTrue(report.candidateLoss() > report.parentLoss(), report.message());
        assertTrue(report.message().startsWith("candidate rejected: held-back loss"), report.message());
    }

    @Test
    void theIncidentCheckRejectsACandidateThatWouldAddAnIncidentOnTheHeldBackWindows() {
        LstmModel parent = Regimes.base();
        // held back: regime A with a change of amplitude, which the parent takes in its stride
        List<float[][]> series = Regimes.sine(4, 1025, 24, 0, 0.1, 500);
        for (int i = 600; i < 1025; i++) series.get(2)[i][0] *= 1.6f;
        List<TimedWindow> held = Regimes.timed(series);
        assertEquals(0, HeldBackReplay.compare(parent, parent, DetectorConfig.defaults(), held).parentIncidents());
        // a damaged candidate (seeded noise on every weight) that loses track there
        float[] w = parent.weights().toFlat();
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < w.length; i++) w[i] += (float) (0.6 * r.nextGaussian());
        LstmModel damaged = new LstmModel("test", 2, LstmWeights.fromFlat(parent.architecture(), w), parent.provenance());

        HeldBackReplay.Result replay = HeldBackReplay.compare(parent, damaged, DetectorConfig.defaults(), held);
        assertEquals(4 * 16 * 65, replay.points());
        assertTrue(replay.added() >= 1, replay.describe());
        String why = FineTuneRound.incidentRejection(replay, 0);
        assertEquals("it would add " + replay.added() + " incident(s) on the held-back windows, more than max-added-incidents 0; "
                + "incidents on the held-back windows (4160 points): parent 0, candidate " + replay.candidateIncidents() + " ("
                + replay.added() + " added, " + replay.removed() + " removed, " + replay.moved() + " moved)", why);
        assertNull(FineTuneRound.incidentRejection(replay, replay.added()), "within max-added-incidents it passes");
        // the check is the parent against itself when nothing changed
        assertNull(FineTuneRound.incidentRejection(HeldBackReplay.compare(parent, parent, DetectorConfig.defaults(), held), 0));
    }

    @Test
    void anAcceptedModelsProvenanceRecordsTheGatesDecisionsWithTheRejectionsBeforeIt() {
        LstmModel parent = Regimes.base();
        List<TimedWindow> train = Regimes.timed(Regimes.sine(8, 1025, 50, 0.5, 0.1, 200));
        List<TimedWindow> held = Regimes.timed(Regimes.sine(4, 1025, 50, 0.5, 0.1, 300));
        FineTuneConfig cfg = FineTuneConfig.builder().epochs(4).maxAddedIncidents(1000).build();
        GateDecision earlier = new GateDecision(2, false, "candidate rejected: it would add 3 incident(s) on the held-back windows");
        RoundReport r = new FineTuneRound(Regimes.trainer(), cfg, DetectorConfig.defaults(), FIXED).run(3, parent, train, held, List.of(earlier));
        assertEquals(RoundOutcome.ACCEPTED, r.outcome(), r.message());
        List<GateDecision> decisions = r.candidate().provenance().gateDecisions();
        assertEquals(2, decisions.size(), decisions.toString());
        assertEquals(earlier, decisions.get(0));
        assertEquals(new GateDecision(3, true, r.message()), decisions.get(1));
        assertTrue(r.message().contains("held-back loss") && r.message().contains("incidents on the held-back windows")
                && r.message().contains("max-added-incidents 1000"), r.message());
        // they travel with the model: the models topic's bytes and a model file
        assertEquals(decisions, ModelSnapshots.fromBytes(ModelSnapshots.toBytes(r.candidate())).provenance().gateDecisions());
    }

    @Test
    void aRoundOverItsTimeBudgetIsDiscarded() {
        // A clock that moves one second per reading: the budget of 1.5 s runs out at the second batch.
        Clock ticking = new Clock() {
            long now = 0;

            @Override
            public long millis() {
                return now += 1000;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(millis());
            }

            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }
        };
        FineTuneConfig cfg = FineTuneConfig.builder().epochs(4).maxRoundMillis(1500).build();
        List<TimedWindow> train = Regimes.timed(Regimes.sine(8, 1025, 50, 0.5, 0.1, 200));
        RoundReport r = new FineTuneRound(Regimes.trainer(), cfg, ticking).run(1, Regimes.base(), train,
                Regimes.timed(Regimes.sine(1, 1025, 50, 0.5, 0.1, 300)));
        assertEquals(RoundOutcome.TIMED_OUT, r.outcome());
        assertEquals("over max-round-ms 1500 after 2 batches; candidate discarded", r.message());
    }
}
