package dev.lookahead.finetune;

import dev.lookahead.detector.Detector;
import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.detector.KeyState;
import dev.lookahead.detector.ModelSwitch;
import dev.lookahead.detector.PointResult;
import dev.lookahead.model.FileModelStore;
import dev.lookahead.model.LstmModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole loop on a detector: a stream in a new regime feeds the reservoir, rounds train and gate candidates,
 * accepted ones are stored and switched to between points, and forecasts on the new regime get better.
 */
class FineTunerTest {

    private static final Clock FIXED = Clock.fixed(Instant.ofEpochMilli(1_800_000_000_000L), ZoneOffset.UTC);
    private static final int KEYS = 8, POINTS = 4000, TAIL_FROM = 3000;

    private static FineTuneConfig config() {
        return FineTuneConfig.builder().reservoirWindows(256).validationWindows(64).minTrainWindows(64)
                .minValidationWindows(16).roundEveryPoints(12_000).epochs(4).seed(5).build();
    }

    /** Regime B for every key: period 50, each key at its own level and scale, seeded noise. */
    private static double[][][] stream() {
        SplittableRandom r = new SplittableRandom(77);
        double[][][] v = new double[KEYS][POINTS][1];
        for (int k = 0; k < KEYS; k++) {
            double phase = r.nextDouble(0, 50), level = 10 + 5 * k, amp = 1 + 0.25 * k;
            for (int t = 0; t < POINTS; t++)
                v[k][t][0] = level + amp * (0.5 + Math.sin(2 * Math.PI * (t + phase) / 50)) + 0.1 * amp * r.nextGaussian();
        }
        return v;
    }

    /** Result of one run: the models used, and the tail's mean squared standardised-by-amplitude forecast error. */
    private record Run(List<String> versionsInOrder, double tailMse, FineTuner tuner) {
    }

    private static Run run(FineTuner tuner, ModelSwitch policy) {
        Detector d = new Detector(Regimes.base(), DetectorConfig.defaults());
        if (tuner != null) d.setTrainingTap(tuner);
        Map<String, KeyState> states = new HashMap<>();
        double[][][] v = stream();
        List<String> versions = new ArrayList<>();
        double sum = 0;
        long n = 0;
        for (int t = 0; t < POINTS; t++) {
            for (int k = 0; k < KEYS; k++) {
                if (tuner != null) {
                    LstmModel next = tuner.takeAccepted();
                    if (next != null) d.setModel(next, policy);
                }
                String key = "k" + k;
                List<PointResult> out = new ArrayList<>(1);
                d.process(states.computeIfAbsent(key, x -> d.newState()), key, Regimes.T0 + 60_000L * t, v[k][t], t,
                        o -> out.add((PointResult) o));
                PointResult p = out.get(0);
                if (versions.isEmpty() || !versions.get(versions.size() - 1).equals(p.modelVersion())) versions.add(p.modelVersion());
                if (t >= TAIL_FROM) {
                    double e = p.residual()[0] / (1 + 0.25 * k);   // in units of the key's amplitude
                    sum += e * e;
                    n++;
                }
            }
        }
        return new Run(versions, sum / n, tuner);
    }

    @Test
    void roundsOnTheLiveStreamAreGatedVersionedStoredAndLowerTheErrorOnTheNewRegime(@TempDir Path dir) {
        Run control = run(null, ModelSwitch.RESET_ADAPTATION);
        FileModelStore store = new FileModelStore(dir);
        Run tuned = run(new FineTuner(Regimes.base(), Regimes.trainer(), config(), Runnable::run, store, FIXED),
                ModelSwitch.RESET_ADAPTATION);
        Run kept = run(new FineTuner(Regimes.base(), Regimes.trainer(), config(), Runnable::run, null, FIXED),
                ModelSwitch.KEEP_ADAPTATION);
        FineTuneStats stats = tuned.tuner().stats();
        System.out.printf("live regime change, %d keys x %d points, READOUT adaptation: tail MSE (amplitude units) "
                        + "base only %.5f, fine-tuned + reset %.5f, fine-tuned + keep %.5f; versions %s; %s; last: %s%n",
                KEYS, POINTS, control.tailMse(), tuned.tailMse(), kept.tailMse(), tuned.versionsInOrder(), stats,
                tuned.tuner().lastReport().message());

        assertTrue(stats.accepted() >= 1, "at least one round accepted: " + stats);
        assertEquals(stats.rounds(), stats.accepted() + stats.rejected() + stats.skipped() + stats.timedOut() + stats.failed());
        // versions go up by one per accepted round, every one is in the store, and scoring switched to each in order
        List<Long> stored = store.versions("test");
        assertEquals(stats.accepted(), stored.size());
        for (int i = 0; i < stored.size(); i++) {
            assertEquals(2L + i, stored.get(i));
            assertEquals(1L + i, store.read("test", stored.get(i)).provenance().parentVersion());
        }
        List<String> expected = new ArrayList<>(List.of("test:1"));
        for (long s : stored) expected.add("test:" + s);
        assertEquals(expected, tuned.versionsInOrder(), "points name the versions in order, each from a defined point on");
        assertEquals(tuned.tuner().current().versionId(), expected.get(expected.size() - 1));
        assertTrue(tuned.tailMse() < 0.8 * control.tailMse(),
                "fine-tuned " + tuned.tailMse() + " vs base only " + control.tailMse());
    }

    @Test
    void roundsRunOffTheScoringThreadWhileScoringKeepsTheCurrentModel() throws Exception {
        ExecutorService executor = FineTuner.newExecutor();
        try {
            java.util.concurrent.atomic.AtomicReference<Thread> roundThread = new java.util.concurrent.atomic.AtomicReference<>();
            FineTuner tuner = new FineTuner(Regimes.base(), Regimes.trainer(),
                    FineTuneConfig.builder().reservoirWindows(64).validationWindows(16).minTrainWindows(32)
                            .minValidationWindows(8).roundEveryPoints(4_000).epochs(1).seed(5).build(),
                    r -> executor.execute(() -> {
                        roundThread.set(Thread.currentThread());
                        r.run();
                    }), null, FIXED);
            Detector d = new Detector(Regimes.base(), DetectorConfig.defaults());
            d.setTrainingTap(tuner);
            Map<String, KeyState> states = new HashMap<>();
            double[][][] v = stream();
            Thread scorer = Thread.currentThread();
            List<String> seen = new ArrayList<>();
            int t = 0;
            // score until a round has started, then keep scoring while it runs: points still name test:1
            while (t < POINTS && tuner.stats().rounds() - tuner.stats().skipped() == 0) {
                for (int k = 0; k < KEYS; k++) {
                    String key = "k" + k;
                    d.process(states.computeIfAbsent(key, x -> d.newState()), key, Regimes.T0 + 60_000L * t, v[k][t], t,
                            o -> seen.add(((PointResult) o).modelVersion()));
                }
                t++;
            }
            assertTrue(tuner.stats().rounds() > tuner.stats().skipped(), "a round started: " + tuner.stats());
            assertEquals(List.of("test:1"), seen.stream().distinct().toList(), "scoring used the current model meanwhile");
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (tuner.lastReport() == null || tuner.lastReport().outcome() == RoundOutcome.SKIPPED) {
                assertTrue(System.nanoTime() < deadline, "round did not finish in 5 minutes");
                executor.submit(() -> { }).get();   // waits for the round queued before it; no sleep
            }
            assertEquals("lookahead-fine-tune", roundThread.get().getName());
            assertTrue(roundThread.get() != scorer, "the round ran on the executor's thread");
            assertTrue(List.of(RoundOutcome.ACCEPTED, RoundOutcome.REJECTED).contains(tuner.lastReport().outcome()),
                    tuner.lastReport().message());
            LstmModel next = tuner.takeAccepted();
            if (tuner.lastReport().outcome() == RoundOutcome.ACCEPTED) assertEquals("test:2", next.versionId());
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void offeredWindowsFillTheReservoirAndEachCountsAsSampleEveryPointsTowardsARound() {
        FineTuneConfig cfg = FineTuneConfig.builder().roundEveryPoints(1000).sampleEveryPoints(100).seed(5).build();
        FineTuner tuner = new FineTuner(Regimes.base(), Regimes.trainer(), cfg, Runnable::run, null, FIXED);
        float[][] steps = new float[Regimes.trainer().windowLength()][];
        for (int i = 0; i < steps.length; i++) steps[i] = new float[]{i * 0.01f};
        for (int n = 1; n <= 9; n++) tuner.offer(new TimedWindow("k", new dev.lookahead.training.TrainingWindow(steps, steps), n, n + 1));
        assertEquals(0, tuner.stats().rounds(), "9 windows stand for 900 points: no round due yet");
        assertEquals(9, tuner.reservoir().seen());
        tuner.offer(new TimedWindow("k", new dev.lookahead.training.TrainingWindow(steps, steps), 10, 11));
        // the 10th makes 1,000 points: a round is due, and with 10 windows (fewer than min-train-windows) it is skipped
        assertEquals(1, tuner.stats().rounds());
        assertEquals(1, tuner.stats().skipped());
        assertEquals(Regimes.base().versionId(), tuner.current().versionId());
    }

    @Test
    void aTrainerFollowsANewerVersionOfItsGroupPublishedElsewhereAndNothingElse() {
        LstmModel base = Regimes.base();
        FineTuner tuner = new FineTuner(base, Regimes.trainer(), config(), Runnable::run, null, FIXED);
        LstmModel v7 = new LstmModel(base.group(), base.version() + 6, base.weights(), base.provenance());
        assertTrue(tuner.follow(v7), "a newer version of the group");
        assertEquals(v7.versionId(), tuner.current().versionId(), "the next round trains from it, and names version 8");
        assertFalse(tuner.follow(new LstmModel(base.group(), base.version() + 1, base.weights(), base.provenance())), "an older one");
        assertFalse(tuner.follow(new LstmModel("other", 99, base.weights(), base.provenance())), "another group's");
        assertEquals(v7.versionId(), tuner.current().versionId());
    }
}
