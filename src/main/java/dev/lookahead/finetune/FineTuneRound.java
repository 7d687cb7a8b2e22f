package dev.lookahead.finetune;

import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.model.GateDecision;
import dev.lookahead.model.LstmModel;
import dev.lookahead.model.Provenance;
import dev.lookahead.training.LstmTrainer;
import dev.lookahead.training.TrainerConfig;
import dev.lookahead.training.TrainingProgress;
import dev.lookahead.training.TrainingResult;
import dev.lookahead.training.TrainingWindow;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One round of fine-tuning, as a function: trains a candidate from the parent on the training windows, then the
 * validation gate scores parent and candidate on the held-back windows and accepts the candidate only when
 * {@code candidateLoss <= parentLoss * (1 + margin)} and, with {@code max-added-incidents} set, when replaying the
 * held-back windows under both models ({@link HeldBackReplay}) adds at most that many incidents. An accepted
 * candidate is version {@code parent + 1} of the parent's group with provenance naming the parent, the windows'
 * event-time range and count, the gate loss and the gate's decisions: the candidates rejected since the parent
 * (passed in by the caller) and its own acceptance.
 *
 * <p>The trainer early-stops on its own training loss, not on the gate's windows: selecting epochs on the gate's
 * windows would make the gate pass by construction. Runs on the caller's thread; touches ND4J.
 */
public final class FineTuneRound {

    private final TrainerConfig trainer;
    private final FineTuneConfig config;
    private final DetectorConfig detector;
    private final Clock clock;

    /**
     * @param trainer optimiser settings; its {@code maxEpochs} is replaced by {@code fine-tune.epochs} and its
     *                seed is combined with the round number
     * @param clock   gives {@code createdAt} and the time budget (inject a fixed clock for deterministic tests)
     */
    public FineTuneRound(TrainerConfig trainer, FineTuneConfig config, Clock clock) {
        this(trainer, config, DetectorConfig.defaults(), clock);
    }

    /** @param detector the deployment's detector settings, which the incident check replays the held-back windows with */
    public FineTuneRound(TrainerConfig trainer, FineTuneConfig config, DetectorConfig detector, Clock clock) {
        this.trainer = trainer;
        this.config = config;
        this.detector = detector;
        this.clock = clock;
    }

    public RoundReport run(long round, LstmModel parent, List<TimedWindow> train, List<TimedWindow> validation) {
        return run(round, parent, train, validation, List.of());
    }

    /** @param rejectedSinceParent the gate's rejections since the parent was accepted, for the candidate's provenance */
    public RoundReport run(long round, LstmModel parent, List<TimedWindow> train, List<TimedWindow> validation,
                           List<GateDecision> rejectedSinceParent) {
        long t0 = clock.millis();
        long wall0 = System.nanoTime();   // elapsed time is reported, never recorded in a snapshot
        long deadline = t0 + config.maxRoundMillis();
        long seed = trainer.seed() + 1_000_003L * round;
        TrainerConfig cfg = trainer.toBuilder().maxEpochs(config.epochs()).validationFraction(0).seed(seed).build();
        LstmTrainer t = new LstmTrainer(cfg);
        List<TrainingWindow> trainW = windows(train), valW = windows(validation);
        TrainingResult r;
        try {
            r = t.train(trainW, List.of(), parent.weights(), new Deadline(clock, deadline));
        } catch (OverBudget e) {
            return new RoundReport(round, RoundOutcome.TIMED_OUT, parent.version(), null, train.size(), validation.size(),
                    Double.NaN, Double.NaN, elapsed(wall0), "over max-round-ms " + config.maxRoundMillis()
                    + " after " + e.batches + " batches; candidate discarded");
        }
        if (r.bestEpoch() == 0)   // the trainer kept the start weights: nothing to gate, no version churn
            return new RoundReport(round, RoundOutcome.REJECTED, parent.version(), null, train.size(), validation.size(),
                    Double.NaN, Double.NaN, elapsed(wall0), "no candidate: training did not lower the training loss of "
                    + parent.versionId() + " in " + r.epochs() + " epochs");
        double parentLoss = t.validationLoss(parent.weights(), valW);
        double candidateLoss = t.validationLoss(r.weights(), valW);
        long elapsed = elapsed(wall0);
        boolean accept = Double.isFinite(candidateLoss) && candidateLoss <= parentLoss * (1 + config.margin());
        String numbers = String.format(Locale.ROOT, "held-back loss %.5f (parent %s) vs %.5f (candidate), margin %.3f, %d train / %d held-back windows",
                parentLoss, parent.versionId(), candidateLoss, config.margin(), train.size(), validation.size());
        if (!accept)
            return new RoundReport(round, RoundOutcome.REJECTED, parent.version(), null, train.size(), validation.size(),
                    parentLoss, candidateLoss, elapsed, "candidate rejected: " + numbers);
        if (config.maxAddedIncidents() >= 0) {
            LstmModel candidate = new LstmModel(parent.group(), parent.version() + 1, r.weights(), parent.provenance(), null, parent.normalState());
            HeldBackReplay.Result inc = HeldBackReplay.compare(parent, candidate, detector, validation);
            String rejection = incidentRejection(inc, config.maxAddedIncidents());
            if (rejection != null)
                return new RoundReport(round, RoundOutcome.REJECTED, parent.version(), null, train.size(), validation.size(),
                        parentLoss, candidateLoss, elapsed(wall0), "candidate rejected: " + rejection + "; " + numbers);
            numbers = numbers + "; " + inc.describe() + ", max-added-incidents " + config.maxAddedIncidents();
            elapsed = elapsed(wall0);
        }
        String message = "candidate " + parent.group() + ":" + (parent.version() + 1) + " accepted: " + numbers;
        List<GateDecision> decisions = new ArrayList<>(rejectedSinceParent);
        decisions.add(new GateDecision(round, true, message));
        LstmModel child = new LstmModel(parent.group(), parent.version() + 1, r.weights(),
                provenance(round, parent, train, r, parentLoss, candidateLoss, seed, decisions), parent.calibration(), parent.normalState());
        return new RoundReport(round, RoundOutcome.ACCEPTED, parent.version(), child, train.size(), validation.size(),
                parentLoss, candidateLoss, elapsed, message);
    }

    /** Why the incident check rejects a candidate, or null when it passes: more than {@code maxAdded} incidents added. */
    static String incidentRejection(HeldBackReplay.Result inc, int maxAdded) {
        if (inc.added() <= maxAdded) return null;
        return "it would add " + inc.added() + " incident(s) on the held-back windows, more than max-added-incidents "
                + maxAdded + "; " + inc.describe();
    }

    private Provenance provenance(long round, LstmModel parent, List<TimedWindow> train, TrainingResult r,
                                  double parentLoss, double candidateLoss, long seed, List<GateDecision> decisions) {
        long from = Long.MAX_VALUE, to = Long.MIN_VALUE;
        Set<String> keys = new HashSet<>();
        for (TimedWindow w : train) {
            from = Math.min(from, w.from());
            to = Math.max(to, w.to());
            keys.add(w.key());
        }
        Map<String, String> notes = new LinkedHashMap<>();
        notes.put("round", Long.toString(round));
        notes.put("parentValidationLoss", String.format(Locale.ROOT, "%.6g", parentLoss));
        notes.put("margin", Double.toString(config.margin()));
        notes.put("epochs", Integer.toString(r.epochs()));
        notes.put("bestEpoch", Integer.toString(r.bestEpoch()));
        notes.put("learningRate", Double.toString(trainer.learningRate()));
        notes.put("keys", Integer.toString(keys.size()));
        return new Provenance(parent.version(),
                "lookahead fine-tune (LstmTrainer, Adam, truncated BPTT " + trainer.windowLength() + ")",
                "online reservoir: " + train.size() + " windows of " + keys.size() + " keys, round " + round,
                train.isEmpty() ? null : from, train.isEmpty() ? null : to, train.size(), trainer.windowLength(),
                r.bestEpoch() == 0 ? r.initialValidationLoss() : r.bestTrainLoss(), candidateLoss, seed, clock.millis(), notes,
                decisions);
    }

    private static long elapsed(long wall0) {
        return (System.nanoTime() - wall0) / 1_000_000;
    }

    private static List<TrainingWindow> windows(List<TimedWindow> ws) {
        List<TrainingWindow> out = new ArrayList<>(ws.size());
        for (TimedWindow w : ws) out.add(w.window());
        return out;
    }

    /** Stops training (by throwing out of the trainer's progress callback) once the budget is spent. */
    private static final class Deadline implements TrainingProgress {
        private final Clock clock;
        private final long deadline;
        private int batches;

        Deadline(Clock clock, long deadline) {
            this.clock = clock;
            this.deadline = deadline;
        }

        @Override
        public void onBatch(int epoch, int batch, int total, double loss) {
            batches++;
            if (clock.millis() > deadline) throw new OverBudget(batches);
        }
    }

    private static final class OverBudget extends RuntimeException {
        final int batches;

        OverBudget(int batches) {
            super(null, null, false, false);
            this.batches = batches;
        }
    }
}
