package dev.lookahead.finetune;

import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.detector.PointResult;
import dev.lookahead.detector.TrainingTap;
import dev.lookahead.model.GateDecision;
import dev.lookahead.model.LstmModel;
import dev.lookahead.model.ModelStore;
import dev.lookahead.training.TrainerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Online fine-tuning of a detector's model. Set it as the detector's {@link TrainingTap}: every scored point feeds
 * the {@link WindowCollector}, whose clean windows go to the {@link WindowReservoir}; when the
 * {@link RoundSchedule} says a round is due, the period's sample is taken and a {@link FineTuneRound} runs on the
 * executor, off the scoring path. An accepted candidate is put in the {@link ModelStore} (if any) and becomes
 * {@link #current()}; the scoring thread picks it up with {@link #takeAccepted()} between points and switches the
 * detector there (a defined point: every later point names the new version).
 *
 * <pre>{@code
 * detector.setTrainingTap(tuner);
 * for (each record) {
 *     LstmModel next = tuner.takeAccepted();
 *     if (next != null) detector.setModel(next);
 *     detector.process(state, key, time, values, ordinal, sink);
 * }
 * }</pre>
 *
 * <p>In a stream job the scoring tasks cut sampled windows ({@link WindowCollector#sampled}) and a trainer task
 * gives each one to {@link #offer(TimedWindow)} instead: the tuner then never sees a point, and counts a window as
 * {@code sample-every-points} points towards {@code round-every-points}.
 *
 * <p>One round at a time: a round that falls due while another runs waits for the next point after it ends.
 * The scoring-thread methods ({@link #onScored}) are not thread-safe; the rest may be called from any thread.
 */
public final class FineTuner implements TrainingTap {

    private static final Logger LOG = LoggerFactory.getLogger(FineTuner.class);

    private final FineTuneConfig config;
    private final Executor executor;
    private final ModelStore store;
    private final FineTuneRound round;
    private final WindowCollector collector;
    private final WindowReservoir reservoir;
    private final RoundSchedule schedule;

    private final AtomicReference<LstmModel> current = new AtomicReference<>();
    private final AtomicReference<LstmModel> accepted = new AtomicReference<>();
    private final AtomicReference<RoundReport> lastReport = new AtomicReference<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean closed;   // the job is stopping: a round failing now is expected
    private final AtomicLong rounds = new AtomicLong(), acceptedCount = new AtomicLong(), rejected = new AtomicLong(),
            skipped = new AtomicLong(), timedOut = new AtomicLong(), failed = new AtomicLong(), busy = new AtomicLong();
    private boolean deferred;
    // the gate's rejections since the current model was accepted, for the next accepted model's provenance
    private final java.util.ArrayDeque<GateDecision> rejectedSinceAccepted = new java.util.ArrayDeque<>();

    /** Rejections kept for the next accepted model's provenance; older ones are dropped first. */
    static final int MAX_RECORDED_REJECTIONS = 16;

    /**
     * @param start    the model the detector runs now: the first parent
     * @param trainer  optimiser settings; its architecture must be the model's and its window length is the windows'
     * @param executor where rounds run (e.g. {@link #newExecutor()}; {@code Runnable::run} runs them inline, for tests)
     * @param store    where accepted models are put; null for none
     * @param clock    creation times and the round time budget
     */
    public FineTuner(LstmModel start, TrainerConfig trainer, FineTuneConfig config, Executor executor, ModelStore store, Clock clock) {
        this(start, trainer, config, DetectorConfig.defaults(), executor, store, clock);
    }

    /** @param detector the deployment's detector settings (the gate's incident check replays with them) */
    public FineTuner(LstmModel start, TrainerConfig trainer, FineTuneConfig config, DetectorConfig detector, Executor executor,
                     ModelStore store, Clock clock) {
        Objects.requireNonNull(start, "start");
        if (!start.architecture().equals(trainer.architecture()))
            throw new IllegalArgumentException("model " + start.versionId() + " has architecture " + start.architecture().describe()
                    + " but fine-tuning is configured for " + trainer.architecture().describe());
        this.config = Objects.requireNonNull(config, "config");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.store = store;
        this.round = new FineTuneRound(trainer, config, Objects.requireNonNull(detector, "detector"), Objects.requireNonNull(clock, "clock"));
        this.reservoir = new WindowReservoir(config);
        this.collector = new WindowCollector(trainer.windowLength(), trainer.architecture().channelCount(), config, reservoir::offer);
        this.schedule = new RoundSchedule(config);
        current.set(start);
    }

    /** A single daemon thread for rounds, so a round never competes with another round. */
    public static ExecutorService newExecutor() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "lookahead-fine-tune");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void onScored(PointResult point, float[] target, float[] input) {
        collector.onScored(point, target, input);
        schedule.onPoint(point.time());
        if (schedule.due()) maybeStart();
    }

    /**
     * Takes one window sampled by a scoring task (the trainer of a stream job; call from one thread, as
     * {@link #onScored}): into the reservoir, counted as {@code sample-every-points} points at its end time, and
     * a round starts when one is due.
     */
    public void offer(TimedWindow w) {
        reservoir.offer(w);
        schedule.onPoints(w.to(), config.sampleEveryPoints());
        if (schedule.due()) maybeStart();
    }

    /**
     * Continues from {@code newer}, a version of this group published elsewhere (by hand, or by this trainer before
     * a restart that lost its state), when it is above the current one: the next round trains from it, and a round
     * running from an older parent is discarded when it ends, so a published version is never reissued. Any thread.
     */
    public boolean follow(LstmModel newer) {
        while (true) {
            LstmModel now = current.get();
            if (!newer.group().equals(now.group()) || newer.version() <= now.version()) return false;
            if (current.compareAndSet(now, newer)) {
                LOG.info("fine-tune: continuing from {}, published on the models topic", newer.versionId());
                return true;
            }
        }
    }

    /** The latest accepted model (the parent of the next round). */
    public LstmModel current() {
        return current.get();
    }

    /** The model accepted since the last call, or null: call on the scoring thread between points and switch to it. */
    public LstmModel takeAccepted() {
        return accepted.getAndSet(null);
    }

    public boolean roundRunning() {
        return running.get();
    }

    public FineTuneStats stats() {
        return new FineTuneStats(rounds.get(), acceptedCount.get(), rejected.get(), skipped.get(), timedOut.get(),
                failed.get(), busy.get());
    }

    /** The last round's report, or null before the first. */
    public RoundReport lastReport() {
        return lastReport.get();
    }

    public WindowCollector collector() {
        return collector;
    }

    public WindowReservoir reservoir() {
        return reservoir;
    }

    private void maybeStart() {
        if (running.get()) {
            if (!deferred) busy.incrementAndGet();
            deferred = true;
            return;
        }
        deferred = false;
        long n = rounds.incrementAndGet();
        LstmModel parent = current.get();
        schedule.restart();
        if (reservoir.trainSize() < config.minTrainWindows() || reservoir.validationSize() < config.minValidationWindows()) {
            skipped.incrementAndGet();
            String msg = "round " + n + " skipped: " + reservoir.trainSize() + " train / " + reservoir.validationSize()
                    + " held-back windows, need " + config.minTrainWindows() + " / " + config.minValidationWindows()
                    + "; keeping them for the next round";
            lastReport.set(new RoundReport(n, RoundOutcome.SKIPPED, parent.version(), null, reservoir.trainSize(),
                    reservoir.validationSize(), Double.NaN, Double.NaN, 0, msg));
            LOG.info("fine-tune {}", msg);
            return;
        }
        WindowReservoir.Sample sample = reservoir.take();
        running.set(true);
        try {
            executor.execute(() -> runRound(n, parent, sample));
        } catch (RejectedExecutionException e) {
            running.set(false);
            failed.incrementAndGet();
            LOG.error("fine-tune round {} not started: executor refused it ({})", n, e.getMessage());
        }
    }

    /**
     * Marks the tuner closed (its job or application is stopping): a round still running may fail as the runtime
     * tears down (a closed user-code class loader under ND4J), which is then expected and reported in one line.
     */
    public void close() {
        closed = true;
    }

    private void runRound(long n, LstmModel parent, WindowReservoir.Sample sample) {
        try {
            List<GateDecision> since;
            synchronized (rejectedSinceAccepted) {
                since = List.copyOf(rejectedSinceAccepted);
            }
            RoundReport r = round.run(n, parent, sample.train(), sample.validation(), since);
            synchronized (rejectedSinceAccepted) {
                if (r.outcome() == RoundOutcome.ACCEPTED) rejectedSinceAccepted.clear();
                if (r.outcome() == RoundOutcome.REJECTED) {
                    if (rejectedSinceAccepted.size() == MAX_RECORDED_REJECTIONS) rejectedSinceAccepted.removeFirst();
                    rejectedSinceAccepted.addLast(new GateDecision(n, false, r.message()));
                }
            }
            if (r.outcome() == RoundOutcome.ACCEPTED && !current.compareAndSet(parent, r.candidate())) {   // followed a newer version meanwhile
                rejected.incrementAndGet();
                LOG.info("fine-tune round {}: candidate from {} discarded: {} was published while it trained", n,
                        parent.versionId(), current.get().versionId());
            } else if (r.outcome() == RoundOutcome.ACCEPTED) {
                if (store != null) store.put(r.candidate());   // stored before it scores: every used version can be found
                accepted.set(r.candidate());
                acceptedCount.incrementAndGet();
                LOG.info("fine-tune round {}: {} ({} ms)", n, r.message(), r.elapsedMillis());
            } else if (r.outcome() == RoundOutcome.REJECTED) {
                rejected.incrementAndGet();
                LOG.warn("fine-tune round {}: {} ({} ms); keeping {}", n, r.message(), r.elapsedMillis(), parent.versionId());
            } else {
                timedOut.incrementAndGet();
                LOG.warn("fine-tune round {}: {}; keeping {}", n, r.message(), parent.versionId());
            }
            lastReport.set(r);
        } catch (RuntimeException | LinkageError e) {   // LinkageError: ND4J's native init failing in a closing job
            failed.incrementAndGet();
            lastReport.set(new RoundReport(n, RoundOutcome.FAILED, parent.version(), null, sample.train().size(),
                    sample.validation().size(), Double.NaN, Double.NaN, 0, "round failed: " + e));
            if (closed) {
                // expected at shutdown (the runtime tears down what the round uses), so one sentence, not a failure;
                // the exception, often without a message, only at debug
                LOG.info("fine-tune round {} did not finish before the job ended; {} remains the model", n, parent.versionId());
                LOG.debug("fine-tune round {} ended by shutdown", n, e);
            } else LOG.error("fine-tune round {} failed; keeping {}", n, parent.versionId(), e);
        } finally {
            running.set(false);
        }
    }
}
