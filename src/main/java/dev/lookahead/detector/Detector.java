package dev.lookahead.detector;

import dev.lookahead.model.LstmModel;
import dev.lookahead.model.ModelArchitecture;
import dev.lookahead.model.NormalState;
import dev.lookahead.model.StepKernel;
import dev.lookahead.preprocessing.ReorderBuffer;
import dev.lookahead.preprocessing.RobustNormaliser;
import dev.lookahead.scoring.AnomalyLikelihood;
import dev.lookahead.scoring.GammaTail;
import dev.lookahead.scoring.HourlyPeaks;
import dev.lookahead.scoring.IncidentStatus;
import dev.lookahead.scoring.LevelSwitches;
import dev.lookahead.scoring.PhaseClock;
import dev.lookahead.scoring.PhaseProfile;
import dev.lookahead.scoring.RecurringRecord;
import dev.lookahead.scoring.SustainedEvidence;
import dev.lookahead.scoring.TailProbability;
import dev.lookahead.scoring.WeekdayProfile;
import dev.lookahead.scoring.WeekendProfile;

import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The engine-agnostic detector: takes one key's points in arrival order with that key's {@link KeyState} and
 * emits one {@link Outcome} per point. A key's outcomes depend only on its own points, the configuration and the
 * model, never on other keys, wall-clock time or a global watermark.
 *
 * <h2>The path of one point</h2>
 * <ol>
 *   <li>Order: out-of-order and duplicate points are dropped with a reason, or reordered within the bound.</li>
 *   <li>Gaps: from the key's own timestamps, a short gap is filled by stepping the LSTM on its own forecasts, a
 *       long one resets h and c.</li>
 *   <li>Score: the forecast made at the previous point is compared with the normalised actual; residuals are
 *       standardised by the key's error scale (at least a quarter of the smaller of the two largest errors the hour
 *       of day showed lately: a step on the key's schedule is not new); the raw score is their RMS; the likelihood
 *       calibrates it.</li>
 *   <li>Learn: error scale, head correction (not from anomalous points) and normalisation take the point in.</li>
 *   <li>Step: one LSTM step on the normalised point yields the forecast for the next one.</li>
 * </ol>
 *
 * <p>Not thread-safe: it owns scratch buffers. Use one per task thread; the model's weights are shared read-only.
 */
public final class Detector {
    /** After a new normal is accepted, the key's statistics weigh new points as if they had seen only this many. */
    static final int RELEARN_POINTS = 16;
    /**
     * A daily profile whose hours' means spread by more than this share of the key's scale (a mean absolute
     * deviation) shapes the key's day: with noise near normal, about a third or more of its variance is the time of
     * day.
     */
    static final double SHAPED_SHARE = 0.75;
    /** Range novelty scores a value whose forecast error is at least this many forecast bands: one that surprised. */
    static final double RANGE_SURPRISE = 3.0;
    /** ...and that lies past the key's range by at least this many forecast bands, as well as by the margin. */
    static final double RANGE_BANDS = 2.0;
    /**
     * ...a band counted as at most this many of the key's usual spreads (the normaliser's robust scale). On a bursty
     * key the forecast band is the errors' RMS, which the bursts inflate to many usual spreads (7 at
     * {@code ec2_disk_write_bytes_c0d644}'s record burst), so two of them past the range would hide a burst larger
     * than any before it. A well-forecast key's band is about one spread, and stays as it is.
     */
    static final double RANGE_BAND_SPREADS = 4.0;
    /**
     * The level evidence's noise floor at a trusted hour, in the point test's error spreads (the hour's recurring
     * peak included), when that and the profile's steepness near the hour are under the normaliser's scale. The scale
     * of a key with a large daily cycle holds the cycle: a floor of one scale put a shift of three noise sigmas under a
     * cycle of ten inside the averages' normal range (docs/ACCURACY.md, "The level evidence's floor"). A channel
     * measured from the levels it switches between ({@link LevelSwitches#fromLevels}) has this floor at every hour.
     */
    static final double LEVEL_FLOOR_ERRORS = 2.0;
    /**
     * A step the key takes daily, as the point test and the errors' evidence read it: an hour's recurring peak, or
     * its neighbour's, over this many error spreads ({@link HourlyPeaks}; under the 4 that widen the point test's
     * band, which a step of five noise sigmas reaches on some days and not on others)...
     */
    static final double SCHEDULE_PEAK_ERRORS = 3.0;
    /**
     * ...and the daily profile stepping into or out of the hour by over this many error spreads: the largest of an
     * hour's noise recurs too (3 to 4 spreads at one reading a second), but leaves the profile flat.
     */
    static final double SCHEDULE_STEP_ERRORS = 2.0;
    /** A point within this many of its error spreads of its hour's usual level is where the key's schedule says. */
    static final double SCHEDULE_NEAR_ERRORS = 2.0;
    /**
     * Hours of the day with a recurring peak of half a channel's swing from which its switches do not keep to the
     * clock: a pump switching at random every three hours or so has most of its hours there (two switches in an hour
     * within the eight days its peaks take to halve), a schedule's switches a few.
     */
    static final int CLOCK_FREE_HOURS = 9;
    /** A key read faster than this halves its levels' counts by time ({@link LevelSwitches#ageByTime}), not by its points. */
    static final long LEVELS_BY_TIME_BELOW_MILLIS = 60_000L;
    /**
     * Values of the largest squared evidence average the key must have shown before its rarity is judged, at least; a
     * fit waits for a day where a day is longer and fits in the evidence window ({@link #evidenceFitPoints}).
     */
    static final int EVIDENCE_FIT_POINTS = 300;
    /**
     * The evidence window holds a day of the key's points where that is at most this many times its setting
     * ({@link #evidenceWindow(double)}): a key read every 4.3 to 43 seconds at the default.
     */
    static final int DAY_WINDOW_LIMIT = 10;
    /** Days the record of the evidence's short excursions remembers, at least ({@link #excursionWindow}). */
    static final int EXCURSION_DAYS = 30;
    /**
     * The largest shape a one-channel key's evidence fit is judged at ({@link GammaTail#GammaTail(double)}). Under
     * white noise the largest of its averages' squares has a shape of about 1 to 1.7, a little more as the fit learns
     * only values under a three-sigma event. A plain cycle out of step with the clock, whose errors' averages rise by
     * about as much at every peak, has a shape over 4, and each peak that noise lifted a little further was called
     * one in 10^5 to 10^9: 109 incidents in 100,000 readings, uncapped; 89 capped at 8, 19 at 4 (68 uncapped and 19
     * at 4 since the records' windows grow, {@link #upToADay}). Capped at 3, one of
     * the generated sample's level shifts ({@code sensor-000}) is not found. With several channels the evidence is the
     * largest of more averages and of the channels' pooled squares, whose shape grows with the channels: capped at 4,
     * the rig's faults were called less rare (F1 0.883 to 0.874 on its default seed), and those fits are not capped.
     */
    static final double EVIDENCE_MAX_SHAPE = 4.0;
    /** The evidence score of a tail of 0.0027, a three-sigma event: rarer values are not learned as normal. */
    static final double EVIDENCE_LEARN_BELOW = AnomalyLikelihood.scoreForTail(0.0027);
    /** Anomalous points far outside the normalised range that are kept from the network as glitches. */
    static final int GLITCH_POINTS = 5;
    /**
     * A standardised error under a fifth of its typical size counts as a fifth in the spread evidence: below that its
     * size says nothing about the channel's spread, and the log's long left tail let a few tiny errors in a row
     * count as a stuck sensor.
     */
    static final double SPREAD_FLOOR = 0.2 * 0.2;
    private static final double SQRT2 = Math.sqrt(2.0);
    /** Mean and sd of ln(max(Z^2, SPREAD_FLOOR)) for a standard normal Z: its log squared error when well calibrated. */
    static final double LOG_CHI2_MEAN = -0.951915706875955, LOG_CHI2_SD = 1.5220792229762656;
    /** Points per channel the channels' relations learn from before a channel is judged given the others. */
    static final int RELATIONS_AFTER = 20;
    /** A channel of which at least this share of normal points moved, and that repeats its reading, stands still. */
    static final double STILL_MOVED_SHARE = 0.9;
    /**
     * A channel of which at least this share of normal points moved reports a new reading at every point but by chance
     * ({@link #repeatsScore}): a continuous sensor. A count or a coarse reading repeats more, and in runs (a quiet
     * night's counts, a feed that pauses), which its share does not say.
     */
    static final double REPEATS_MOVED_SHARE = 0.98;
    /** The chance of a repeat is not read as under this from a share kept in two bytes over a few thousand points. */
    static final double REPEAT_CHANCE_FLOOR = 0.01;
    /** Points the key has seen before its repeats are judged: the share that moved is read over a few hundred. */
    static final int REPEATS_AFTER_POINTS = 300;
    /**
     * A channel of which under this share of normal points moved is idle (a valve, a queue, a counter that is mostly
     * 0): its moved points' error scale learns at least at
     * {@link dev.lookahead.scoring.ErrorScale#IDLE_MOVED_RATE}.
     */
    static final double IDLE_MOVED_SHARE = 0.1;
    /**
     * Points a new run's level is anchored over (detector.new-run-after-ms): its running mean then wanders by well
     * under the spread of the slowest evidence average (64 points), which an anchor on the run's first 16 or 128
     * points did not, opening incidents on normal runs of the generated rig (docs/ACCURACY.md, "Runs at other operating points").
     */
    static final int RUN_ANCHOR_POINTS = 512;
    /**
     * A new run whose first point lies farther than this from the channel relations' centre (the mean squared
     * deviation per channel under their covariance: about 1 where the key usually runs, 9 is three sigmas each) is off
     * centre, and the relations' centre moves with its anchor (docs/ACCURACY.md, "Runs at other operating points").
     */
    static final double RUN_OFF_CENTRE = 9;
    /**
     * A new run's anchor clips each deviation after its first point at this many spreads times the square root of the
     * points anchored, so a glitch among a run's first points, its warm-up's included (never anomalous), does not hold
     * its level off (docs/ACCURACY.md, "Runs at other operating points").
     */
    static final double RUN_ANCHOR_CLIP = 4;
    /**
     * A new run is settling while its anchor holds fewer points than this: an incident that opens then is the run's
     * level still moving (a pump's start-up transient, a sensor warming up) and ends after
     * {@link #RUN_SETTLE_INCIDENT_POINTS} as the run's new normal, its anchor starting again (docs/ACCURACY.md,
     * "A run settles before its level is held").
     */
    static final int RUN_SETTLE_POINTS = 64;
    /** Points an incident opened while its run settles lasts before it ends as the run's new normal. */
    static final int RUN_SETTLE_INCIDENT_POINTS = 8;

    private final DetectorConfig config;
    private final PhaseClock clock;   // the phase's local time
    private final int weekendDays;   // bit d: day of the week d (0 Monday) is the weekend
    private final List<String> channels;
    private final int channelCount;
    private final int lanes;
    private final int laneChannels;
    private final int hidden;
    private final int layers;
    private LstmModel model;
    private StepKernel stepper;
    private String versionId;
    private double threshold;   // detector.threshold if given, else the model's calibrated one, else the default
    private TrainingTap tap;
    // the policy of the latest switch: a key last advanced by another version is reset at its next point
    private ModelSwitch switchPolicy = ModelSwitch.RESET_ADAPTATION;

    // scratch, reused for every point
    private final double[] z;
    private final double[] residual;
    private final double[] learnError;
    private final double[] levelDeviation;
    private final double[] levelFloor;    // the level evidence's noise floor per channel, in normalised units
    private final double[] pointSpread;   // each channel's error spread as the point test judged it, its hour's peak included
    private final double[] errorDeviation;
    private final double[] marginal;
    private final double[] fromLevel;   // with several channels: a channel's deviation from the nearer of its levels (NaN: not measured so)
    private final double[] conditionalSpread;   // each channel's spread given the others, in the deviations' units
    private final double[] usualLevel;   // where the key's behaviour puts each channel now, in its units (NaN: not judged)
    private final double[] relationLevel, relationScale;   // the normalisation the relations' point is read in
    private final double[] anchorStep, anchorShift;   // a new run's anchor moving, in the deviations' units and the normaliser's
    private boolean anchoredNow;   // this point took a step of a new run's anchor
    private KeyStateCodec normalCodec;   // reads the model's normal state (made at its first use: it needs this detector built)
    private boolean allChannels;   // the point's evidence step had every channel
    private final double[] spreadDeviation;
    private final boolean[] spreadScored;
    private boolean spreadBest;
    // the point's results passed between score's steps (methods of their own: see compare)
    private double pointSumSq, pointEvidenceScore, pointHoldScore;
    private boolean pointLagging, pointOtherLarge, pointPeakBand;
    private int pointScored, pointEvidenceChannel, pointEvidenceSide;
    private final boolean[] imputed;
    private final boolean[] scored;
    private final boolean[] moved;
    private final boolean[] idle;   // a channel that moved at this point and moves on under IDLE_MOVED_SHARE of its normal points
    private final boolean[] still;   // a channel standing still at an anomalous point: its reading measures nothing
    private final boolean[] atSchedule;   // a channel at its hour's usual level next to a step the key takes daily
    private final boolean[] lagsStep;   // a channel on a step the key takes daily, its forecast lagging it
    private final boolean[] atSwitch;   // a channel judged by a level it switched to, or by its last value as it settles
    private final boolean[] clockFree;   // a channel that switches between two levels at nine or more hours of the day
    private boolean usualError;   // the point's error is one the key keeps showing: the errors' record floors it
    private final double[] learned;   // each channel's error the error scale and the head learn: its forecast's, or at a switch the one judged
    private final float[] input;
    private final float[] target;
    private final float[] top;

    public Detector(LstmModel model, DetectorConfig config) {
        this.config = config;
        this.clock = new PhaseClock(config.timeZone());
        this.weekendDays = WeekendProfile.mask(config.weekendDays());
        ModelArchitecture a = model.architecture();
        List<String> wanted = config.channels() == null ? a.channels() : config.channels();
        if (a.channelCount() == 1) {
            lanes = wanted.size();   // a univariate model runs channel-independently, one lane per channel
        } else if (wanted.equals(a.channels())) {
            lanes = 1;
        } else {
            throw new IllegalArgumentException("detector.channels " + wanted + " do not match the model's channels "
                    + a.channels() + "; allowed: the model's channels in its order, or any channels with a univariate model");
        }
        this.channels = List.copyOf(wanted);
        this.channelCount = channels.size();
        this.laneChannels = a.channelCount();
        this.hidden = a.hidden();
        this.layers = a.layers();
        z = new double[channelCount];
        residual = new double[channelCount];
        learnError = new double[channelCount];
        levelDeviation = new double[channelCount];
        anchorStep = new double[channelCount];
        anchorShift = new double[channelCount];
        levelFloor = new double[channelCount];
        pointSpread = new double[channelCount];
        errorDeviation = new double[channelCount];
        marginal = new double[channelCount];
        fromLevel = new double[channelCount];
        conditionalSpread = new double[channelCount];
        usualLevel = new double[channelCount];
        relationLevel = new double[channelCount];
        relationScale = new double[channelCount];
        spreadDeviation = new double[channelCount];
        spreadScored = new boolean[channelCount];
        imputed = new boolean[channelCount];
        atSchedule = new boolean[channelCount];
        lagsStep = new boolean[channelCount];
        atSwitch = new boolean[channelCount];
        clockFree = new boolean[channelCount];
        learned = new double[channelCount];
        scored = new boolean[channelCount];
        moved = new boolean[channelCount];
        idle = new boolean[channelCount];
        still = new boolean[channelCount];
        input = new float[channelCount];
        target = new float[channelCount];
        top = new float[lanes * hidden];
        setModel(model);
    }

    public DetectorConfig config() {
        return config;
    }

    /** The anomaly-score threshold in force: detector.threshold if given, else the model's calibrated threshold, else the default. */
    public double threshold() {
        return threshold;
    }

    /** The threshold a detector with {@code config} uses with {@code model}. */
    public static double effectiveThreshold(DetectorConfig config, LstmModel model) {
        return config.thresholdGiven() || model.calibration() == null ? config.threshold() : model.calibration().threshold();
    }

    public List<String> channels() {
        return channels;
    }

    public LstmModel model() {
        return model;
    }

    /** Independent LSTM lanes per key: one per channel with a univariate model, else one. */
    int lanes() {
        return lanes;
    }

    /**
     * Switches to another version of the model (same architecture) with the default {@link ModelSwitch}, resetting
     * the keys' head corrections. See {@link #setModel(LstmModel, ModelSwitch)}.
     */
    public void setModel(LstmModel next) {
        setModel(next, ModelSwitch.RESET_ADAPTATION);
    }

    /**
     * Switches to another version of the model (same architecture). Takes effect from the next point processed:
     * the point being scored was forecast by the old model, its successor is forecast by the new one. Keys keep
     * their h and c (a fine-tuned child is close to its parent, and a reset would put every key back in warm-up).
     * With {@link ModelSwitch#RESET_ADAPTATION} each key's head correction is cleared at the key's first point
     * under the new version (lazily: the detector does not hold the keys' states). The rule is on the key's
     * state (the version that last advanced it), so a restart that restores keys under a newer model resets them
     * too; the policy of the latest switch applies.
     */
    public void setModel(LstmModel next, ModelSwitch policy) {
        if (this.model != null && !next.architecture().equals(this.model.architecture()))
            throw new IllegalArgumentException("model " + next.versionId() + " has architecture " + next.architecture().describe()
                    + " but this detector runs " + this.model.architecture().describe());
        this.switchPolicy = policy;
        this.model = next;
        this.stepper = config.stepKernel().create(next.weights());   // SCALAR or VECTOR, as configured
        this.versionId = next.versionId();
        this.threshold = effectiveThreshold(config, next);
        // a normal state of this detector's channels that it cannot read fails here, not at a key's first point
        if (startsFromNormalState()) fromNormal(blankState());
    }

    /** Receives every scored point's normalised target and input (online fine-tuning); null for none. */
    public void setTrainingTap(TrainingTap tap) {
        this.tap = tap;
    }

    /**
     * The state of a key this detector has not seen: the model's normal state as a new run when the model has one of
     * this detector's channels ({@link LstmModel#normalState()}), else a state that has seen nothing.
     */
    public KeyState newState() {
        return startsFromNormalState() ? fromNormal(blankState()) : freshState();
    }

    /** Whether a new key starts from the model's normal state: the model has one, of this detector's channels. */
    boolean startsFromNormalState() {
        NormalState normal = model.normalState();
        return normal != null && normal.channels().equals(channels);
    }

    /** A state that has seen nothing: a new key's under a model without a normal state, and what a codec fills absent sections from. */
    KeyState freshState() {
        KeyState s = blankState();
        resetRecurrent(s);
        return s;
    }

    /**
     * Overwrites {@code into} with the model's normal state, starting a new run: a new key's state under a model with
     * one of this detector's channels ({@link #startsFromNormalState()}). Where the recording ended and where the
     * key begins are unrelated, so the key forgets the recording's last time (its first point is neither late nor
     * after a gap), restarts its recurrent state and warm-up, and anchors its level on its own first points, as after
     * detector.new-run-after-ms of silence. Its scales, channel relations, evidence ranges and profiles are the
     * recording's.
     */
    KeyState fromNormal(KeyState into) {
        NormalState normal = model.normalState();
        if (normalCodec == null) normalCodec = new KeyStateCodec(this);
        KeyState s;
        try {
            s = normalCodec.read(new StateInput(normal.state()), into, new StateRestore());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("model " + model.versionId() + " has a normal state (" + normal
                    + ") this detector cannot read: " + e.getMessage(), e);
        }
        s.intervals.forgetLast();
        if (s.reorder != null) s.reorder.startAfter(Long.MIN_VALUE);
        restart(s, config.newRunAfterMillis() > 0);
        s.resetPending = true;
        return s;
    }

    /**
     * Whether a pause of {@code dt} ms, {@code missing} of the key's intervals, makes a new run: a day, or sooner a
     * thousand of its readings. A machine read every second and silent for hours has been stopped and started again
     * (its recordings, 23 hours apart and each at its own operating point, were one incident each under the day alone);
     * a key read every five minutes reaches the day first, so an outage of hours stays a pause there.
     */
    private boolean newRun(long dt, long missing) {
        if (config.newRunAfterMillis() <= 0) return false;
        return dt >= config.newRunAfterMillis() || (config.newRunAfterPoints() > 0 && missing >= config.newRunAfterPoints());
    }

    /**
     * Restarts a key after a pause too long to impute across: its recurrent state afresh and a restart's warm-up, and,
     * when the pause makes a {@code newRun}, its level anchored on the points to come (not a young key's: it has none
     * to keep). An incident still open when the key stopped ends as a settling run's does, as the new run's normal:
     * the run it was in is over. Carried on, its bound had passed in the pause, and it ended as a new normal a few
     * points into the new run, on the mean of points from both runs, its relations and evidence learned afresh: on
     * the rig's recordings as one key's runs, the four runs after one left nothing flagged, faults included.
     */
    private void restart(KeyState s, boolean newRun) {
        resetRecurrent(s);
        s.anchoring = newRun && s.warmUpRemaining == 0;
        if (s.anchoring && s.incidents.open()) s.runSettling = true;
        s.anchoredPoints = 0;
        s.runOffCentre = false;
        s.warmUpRemaining = Math.max(s.warmUpRemaining, config.resetWarmUpPoints());
    }

    /** A state of this detector's shape with nothing computed: for a reader that overwrites every field. */
    KeyState blankState() {
        return new KeyState(channelCount, lanes * layers * hidden,
                new HeadCorrection(config.adaptation(), lanes, hidden, laneChannels),
                config.orderPolicy() == OrderPolicy.REORDER);
    }

    /**
     * Processes one point of {@code key}. {@code values} are in {@link #channels()} order (NaN or infinite for a
     * missing value); {@code ordinal} is echoed in the outcome. Emits zero or more outcomes: exactly one for this
     * point under DROP, and whatever the reorder buffer releases under REORDER.
     */
    public void process(KeyState s, String key, long time, double[] values, long ordinal, Consumer<? super Outcome> sink) {
        if (values.length != channelCount)
            throw new IllegalArgumentException("expected " + channelCount + " values " + channels + ", got " + values.length);
        if (!anyFinite(values)) {
            sink.accept(new DroppedPoint(key, time, ordinal, DropReason.NO_FINITE_VALUE, "no finite value in any channel " + channels));
            return;
        }
        if (s.reorder != null) {
            ReorderBuffer.Refusal refused = s.reorder.offer(time, values, ordinal, config.reorderBoundMillis(), config.reorderCapacity(),
                    held -> score(s, key, held.time(), held.values(), held.ordinal(), held.arrivedOutOfOrder(), sink));
            if (refused != null) sink.accept(switch (refused) {
                case DUPLICATE_RELEASED -> new DroppedPoint(key, time, ordinal, DropReason.DUPLICATE, "duplicate: a point at this time was already processed");
                case DUPLICATE_HELD -> new DroppedPoint(key, time, ordinal, DropReason.DUPLICATE, "duplicate: a point at this time is already buffered");
                case LATE -> new DroppedPoint(key, time, ordinal, DropReason.LATE, "late: " + (s.reorder.lastReleased() - time)
                        + " ms before the last processed point, beyond the reorder bound of " + config.reorderBoundMillis() + " ms");
            });
            return;
        }
        if (s.intervals.hasLast() && time <= s.intervals.lastTime()) {
            long behind = s.intervals.lastTime() - time;
            sink.accept(behind == 0
                    ? new DroppedPoint(key, time, ordinal, DropReason.DUPLICATE, "duplicate: a point at this time was already processed")
                    : new DroppedPoint(key, time, ordinal, DropReason.OUT_OF_ORDER,
                    "out of order: " + behind + " ms before the key's last point (order-policy DROP)"));
            return;
        }
        score(s, key, time, values, ordinal, false, sink);
    }

    /** Releases what the key's reorder buffer holds (end of input, or before the key is evicted). */
    public void flush(KeyState s, String key, Consumer<? super Outcome> sink) {
        if (s.reorder != null) {
            s.reorder.flush((ReorderBuffer.Held held) -> score(s, key, held.time(), held.values(), held.ordinal(), held.arrivedOutOfOrder(), sink));
        }
    }

    /**
     * Scores points a reorder buffer held, oldest first, as its flush would: the points a state written under
     * {@link OrderPolicy#REORDER} still held when it was restored under {@link OrderPolicy#DROP}
     * ({@link StateRestore#released()}).
     */
    public void release(KeyState s, String key, List<ReorderBuffer.Held> held, Consumer<? super Outcome> sink) {
        for (ReorderBuffer.Held h : held) score(s, key, h.time(), h.values(), h.ordinal(), h.arrivedOutOfOrder(), sink);
    }

    private void score(KeyState s, String key, long time, double[] x, long ordinal, boolean outOfOrder,
                       Consumer<? super Outcome> sink) {
        final DetectorConfig cfg = config;
        if (switchPolicy == ModelSwitch.RESET_ADAPTATION && s.modelVersion >= 0 && s.modelVersion != model.version())
            s.correction.reset();
        // 1. gaps, from this key's own timestamps
        int gapSteps = 0;
        boolean reset = s.resetPending;   // a restore started the recurrent state afresh (KeyStateCodec)
        s.resetPending = false;
        long missing = s.intervals.missingSteps(time, cfg.gapFactor(), cfg.fixedIntervalMillis());
        // readings missed leave about a whole number of intervals, and a pause restarts the key: neither teaches the
        // interval. A key sampled at irregular times learns it from all of its others
        boolean gap = missing > 0 && s.intervals.wholeSteps(time, cfg.fixedIntervalMillis());
        if (missing > 0) {
            long dt = time - s.intervals.lastTime();
            boolean tooLong = missing > cfg.maxImputedSteps() || (cfg.resetAfterMillis() > 0 && dt > cfg.resetAfterMillis());
            if (tooLong) {
                restart(s, newRun(dt, missing));
                reset = true;
                gap = true;
            } else {
                gapSteps = (int) missing;
                for (int i = 0; i < gapSteps; i++) {
                    for (int ch = 0; ch < channelCount; ch++) input[ch] = clip(s.forecast[ch]);
                    step(s);
                }
            }
        }
        if (s.sequence == 0) s.warmUpRemaining = cfg.warmUpPoints();
        boolean warmUp = s.warmUpRemaining > 0;
        anchoredNow = false;
        // no evidence about the level until this point's evidence step says otherwise: an incident opened on a point
        // that skips it (an absurd value, a key still settling) starts its mean deviation at 0, not at whatever this
        // detector's last point, perhaps another key's, left here
        Arrays.fill(levelDeviation, 0);
        boolean settling = s.sequence < cfg.settlePoints();

        // the phase (hour of the day, date) in the configured zone's local time; gaps and intervals stay in event time
        long phaseTime = clock.local(time);
        long lastPhaseTime = s.intervals.hasLast() ? clock.local(s.intervals.lastTime()) : Long.MIN_VALUE;
        if (cfg.phaseProfile()) s.peaks.advance(lastPhaseTime, phaseTime);   // the last point's hour may have ended
        boolean newDate = WeekdayProfile.newDate(lastPhaseTime, phaseTime);   // MIN_VALUE before the first point: a new date
        if (newDate) s.normaliser.ageRepeats();
        boolean weekendDay = WeekendProfile.weekend(phaseTime, weekendDays);
        // 2. compare with the forecast made before this point arrived
        double[] actual = x.clone();
        double[] forecast = new double[channelCount];
        double[] forecastStd = new double[channelCount];
        double[] resid = new double[channelCount];
        double[] stdErr = new double[channelCount];
        boolean[] imp = new boolean[channelCount];
        int trustedHour = trustedHourPoints(s);   // the profile's trust: read by the schedule, the evidence and the profile's update
        compare(s, x, phaseTime, weekendDay, trustedHour, actual, forecast, forecastStd, resid, stdErr, imp);
        double sumSq = pointSumSq;
        boolean lagging = pointLagging, otherLarge = pointOtherLarge, peakBand = pointPeakBand;
        int nScored = pointScored;
        // a usual switch is still its hour's peak: that many hours have one is what says the key's switches do not keep to the clock
        if (cfg.phaseProfile() && !settling && !warmUp)
            for (int ch = 0; ch < channelCount; ch++) if (scored[ch]) s.peaks.record(ch, Math.abs(resid[ch]));
        double raw = nScored == 0 ? 0 : Math.sqrt(sumSq / nScored);
        double[] contribution = new double[channelCount];
        int topChannel = 0;
        boolean extremeSum = !(sumSq < Double.POSITIVE_INFINITY);   // a channel's error overflowed: it takes all
        for (int ch = 0; ch < channelCount; ch++) {
            if (extremeSum) contribution[ch] = Double.isFinite(stdErr[ch]) ? 0 : 1;
            else contribution[ch] = sumSq > 0 ? stdErr[ch] * stdErr[ch] / sumSq : (scored[ch] ? 1.0 / nScored : 0);
            if (contribution[ch] > contribution[topChannel]) topChannel = ch;
        }
        boolean open = s.incidents.open();
        // at a weekend date's first point: whether each channel's weekends are judged by a shape of their own. Not while
        // an incident is open, which the level's averages, relearned when the reference changes, would lose
        if (cfg.phaseProfile() && newDate && weekendDay && !open) {
            boolean changed = false;
            for (int ch = 0; ch < channelCount; ch++)
                if (s.normaliser.initialised(ch)) changed |= s.weekend.decide(ch, s.profile, s.normaliser.scale(ch), SHAPED_SHARE, trustedHour);
            // the level's deviation on weekends no longer holds the weekend's difference: its ranges, learned with it, would hide one
            if (changed) s.levelEvidence.relearn();
        }
        boolean learn = !open;   // the evidence's normal ranges are not learned while the key's incident is open
        // a point whose large errors are all forecasts lagging a step the key takes daily (above) is judged on its own:
        // at a ramp of 20 minutes read every 10 seconds, a run of such points raised the recent error level and opened
        // an incident on most days (28 in three weeks; 5 so)
        // an error as large as ones the key keeps showing is no rarer than that record, however light the point
        // test's fit (a cycle out of step with the clock, a counter that resets); counted while the key is normal
        // a band that the hour's usual peak widens makes the hour's plain errors read small: the stuck test (a recent
        // error level far below the usual one) does not take that, nor the hour after, whose points the recent level
        // still holds, for a sensor gone quiet. Taken so, a daily burst's key opened incidents around the burst
        double pointsADay = pointsPerDay(s);
        int usualErrors = upToADay(RecurringRecord.ERRORS_WINDOW, pointsADay, s.sequence);
        double errorsFloor = s.recurring.log10Floor(raw, usualErrors);
        // an error as large as ones the key keeps showing (the record has a floor for it) is judged on its own too: the
        // point test reads it against that record, and a run of them, a sawtooth's drop and the points its forecast takes
        // to catch up, is not a sustained surprise. A sawtooth every 500 readings opened at most of its drops (155 of 200);
        // nor does it add to the errors' averages (judgeEvidence): a square wave every 137 readings opened 84 → 48
        usualError = errorsFloor > Double.NEGATIVE_INFINITY;
        double likelihoodScore = nScored == 0 || settling ? 0
                : s.likelihood.update(raw, cfg.shortWindow(), cfg.longWindow(), cfg.stuckDetection() && !peakBand, true, errorsFloor,
                        (lagging && !otherLarge) || usualError);
        // both records decay by the key's points, judged or not; absurd points carry nothing about the key's errors
        s.recurring.age(s.sequence, usualErrors);
        // a key read faster than once a minute forgets its levels by time: its switches come at the equipment's pace, not its reads'
        double readEvery = s.intervals.expected(cfg.fixedIntervalMillis());
        if (s.intervals.hasLast() && readEvery > 0 && readEvery < LEVELS_BY_TIME_BELOW_MILLIS) s.switches.ageByTime(s.intervals.lastTime(), time);
        else s.switches.age(s.sequence);
        // the evidence's window (its averages' ranges, their fit, the relations) and the day it holds, if it holds one
        int evidenceWindow = evidenceWindow(pointsADay);
        double day = dayInWindow(pointsADay);   // read by the record's window and the evidence fit's
        int excursions = upToADay(excursionWindow(day), pointsADay, s.sequence);
        s.recurringEvidence.age(s.sequence, excursions);
        if (nScored > 0 && !settling) s.recurring.record(raw, learn && raw <= AnomalyLikelihood.RAW_CLIP);
        // evidence over time: signed deviations from a reference that holds still during an incident (the key's
        // normalised level) and from the forecast, each averaged at several speeds
        judgeEvidence(s, x, phaseTime, weekendDay, trustedHour, open, learn, warmUp, settling, nScored, raw, stdErr,
                evidenceWindow, day, excursions);
        double evidenceScore = pointEvidenceScore, holdScore = pointHoldScore;
        int evidenceChannel = pointEvidenceChannel;
        int evidenceSide = pointEvidenceSide;
        // a continuous sensor repeating its reading, point after point: it stopped updating. Judged on its own: the stuck
        // test (a recent error level far under the usual one) is blind where the hour's peak widens the band, and a
        // sensor frozen at 09:30 on a plant that steps at 09:00 went unfound for four hours
        double stuckScore = 0;
        int stuckChannel = -1;
        if (s.sequence >= REPEATS_AFTER_POINTS) {
            for (int ch = 0; ch < channelCount; ch++) {
                double r = scored[ch] ? repeatsScore(s.normaliser, ch, s.normaliser.repeatsWith(ch, x[ch])) : 0;
                if (r > stuckScore) {
                    stuckScore = r;
                    stuckChannel = ch;
                }
            }
        }
        // out of the key's range so far: scored on its own, since the forecast follows a level it is shown
        double rangeScore = 0;
        int rangeChannel = -1;
        if (cfg.rangeMargin() > 0 && s.sequence >= cfg.rangeAfterPoints()) {
            for (int ch = 0; ch < channelCount; ch++) {
                // a value that also came as a surprise, past the range by two forecast bands (each at most four usual
                // spreads) as well as the margin: a slow climb to a new high (the forecast follows it) and a noise
                // extreme at the edge of a range that is mostly noise are neither
                if (!scored[ch] || !(Math.abs(stdErr[ch]) >= RANGE_SURPRISE)) continue;
                double band = Math.min(forecastStd[ch], RANGE_BAND_SPREADS * s.normaliser.scale(ch));
                double r = s.range.score(ch, x[ch], cfg.rangeMargin(), RANGE_BANDS * band);
                if (r > rangeScore) {
                    rangeScore = r;
                    rangeChannel = ch;
                }
            }
        }
        boolean byEvidence = evidenceScore > likelihoodScore && evidenceScore > rangeScore;
        if (byEvidence) topChannel = evidenceChannel;
        else if (rangeScore > likelihoodScore) topChannel = rangeChannel;
        double pointScore = Math.max(likelihoodScore, rangeScore);   // what judges the point itself
        if (stuckScore > Math.max(pointScore, evidenceScore)) topChannel = stuckChannel;
        pointScore = Math.max(pointScore, stuckScore);
        double anomalyScore = warmUp ? 0 : Math.max(pointScore, evidenceScore);
        double release = Math.min(cfg.incidentRelease(), threshold);
        long newNormalMillis = cfg.incidentNewNormalMillis();
        // a stuck sensor is a fault however long it stays stuck: no time makes it the key's new normal. Its incident
        // ends when the key moves again, then as the new normal (its bound has passed): the key re-baselines on where
        // it now is, which after hours stuck may not be where it was
        if (!warmUp && s.incidents.newNormalDue(time, cfg.incidentQuietPoints(), newNormalMillis) && standsStill(s, x, scored))
            newNormalMillis = 0;
        IncidentStatus status = warmUp ? (open ? IncidentStatus.QUIET : IncidentStatus.NONE)
                : s.incidents.record(anomalyScore, pointScore, holdScore, threshold, release, time,
                        cfg.incidentQuietPoints(), newNormalMillis);
        // a run whose level moves on from its first points is settling, not faulty: its anchor, paused by the
        // incident at a level the run has left, would hold the rest of the run off. The incident ends soon as the
        // run's new normal and the anchor starts again; a level still moving opens and ends another, so a run
        // settles when its level stops moving. A fault among a run's first points is taken as its level (its
        // spread, range and single points are still judged), as a fault present when the run began already is
        if (status == IncidentStatus.OPENED) s.runSettling = s.anchoring && s.anchoredPoints < RUN_SETTLE_POINTS;
        if (s.runSettling && status == IncidentStatus.CONTINUING && s.incidents.age() >= RUN_SETTLE_INCIDENT_POINTS)
            status = s.incidents.endAsNewNormal();
        // the key learns its level again at the bound whether or not it has come back: an hour in which it learned
        // nothing has left its normaliser, evidence and profile behind. But a key that has come back (quiet at this
        // point and the one before: the slow averages lag a return, so a fault of half the bound ends in its quiet
        // points) is reported closed, so consumers read that it returned, not that its level moved
        boolean rebase = status == IncidentStatus.NEW_NORMAL;
        if (rebase && !s.runSettling && s.incidents.endedBack()) status = IncidentStatus.CLOSED;
        boolean anomaly = status.anomalous();
        // a reopened incident goes on measuring where the key now is from its first opening
        if (status == IncidentStatus.OPENED && !s.incidents.resumed()) {
            for (int ch = 0; ch < channelCount; ch++) s.shiftSum[ch] = (float) (scored[ch] ? Math.max(-cfg.evidenceClip(), Math.min(cfg.evidenceClip(), levelDeviation[ch])) : 0);
        }
        int incidentPoints = anomaly ? s.incidents.points() : 0;
        // read before the alert rules reset their clocks; only an anomalous point can alert, so only it pays the exp
        double loadBefore = anomaly ? s.incidents.alertLoad(cfg.alertRateWindow()) : 0;
        boolean emit;
        if (!anomaly) {
            emit = false;
        } else if (cfg.alertEmission() == AlertEmission.EVERY) {
            emit = true;
            s.incidents.markAlerted();
        } else {
            boolean onOpen = status == IncidentStatus.OPENED && s.incidents.alertOnOpen(cfg.alertRefractoryPoints());
            boolean outOfRange = rangeScore >= threshold && s.incidents.rangeAlert(cfg.alertRefractoryPoints());
            emit = onOpen || outOfRange;
        }
        double alertScore = 0;
        if (emit) {
            // a value past everything the key has shown is news however often the key alerts: it keeps its score
            alertScore = pastRange(s, x, scored) ? anomalyScore : Math.max(0.001, anomalyScore - cfg.alertRateDiscount() * loadBefore);
            s.incidents.addAlertLoad(loadBefore);
        }
        // the point that opens an incident was not one of the run's normal points: its step is taken back
        if (anchoredNow && status == IncidentStatus.OPENED) unanchor(s);
        if (rebase) {
            if (s.runSettling) settleAgain(s);
            else rebaseline(s);
        }
        if (!s.incidents.open()) s.runSettling = false;
        // the key has returned: the evidence forgets the incident rather than reopen it from a lagging average
        if (status == IncidentStatus.CLOSED && !rebase) forgetIncident(s);

        // 3. learn from the point. A point of an open incident (anomalous, or a quiet one while the key may be returning,
        // up to the point that closes it) teaches nothing that defines the key's normal (head, normalisation, daily
        // profile, relations, the spread's reference): a fault whose points dip under the release level now and then
        // is not learned through those points. The point that ends an incident as a new normal is the first of that
        // normal, and teaches it. The live error scale (clipped) and the range learn from every point but a channel's
        // that stands still through an incident: the point likelihood follows the key's current noise, and the range
        // is what the key has shown
        learnFrom(s, x, anomaly, open, rebase, nScored, settling, phaseTime, lastPhaseTime, newDate, weekendDay, trustedHour,
                incidentPoints, raw, evidenceWindow);

        // 4. step on the normalised point: the forecast for the next one
        for (int ch = 0; ch < channelCount; ch++) {
            // missing, or a glitch that the network would carry for many steps: it goes on from its own forecast. A level
            // that stays is fed once the incident is longer than a glitch.
            boolean fed = Double.isFinite(x[ch]) && !glitch(s, ch, x[ch], anomaly, incidentPoints, raw);
            input[ch] = fed ? clip(s.normaliser.normalise(ch, x[ch])) : clip(s.forecast[ch]);
        }
        step(s);
        s.intervals.advance(time, gap);
        long sequence = s.sequence++;
        if (s.warmUpRemaining > 0) s.warmUpRemaining--;

        PointResult result = new PointResult(key, time, ordinal, sequence, versionId, channels, actual, forecast, forecastStd,
                resid, stdErr, contribution, imp, raw, anomalyScore, anomaly, warmUp, gapSteps, reset, outOfOrder,
                topChannel, byEvidence && evidenceSide != 0 ? evidenceSide > 0 : resid[topChannel] >= 0,
                status == IncidentStatus.NONE ? 0L : s.incidents.firstSeen(), incidentPoints, emit, alertScore,
                status, evidenceScore, s.incidents.alerted(), anomaly ? usualLevel.clone() : null);
        if (tap != null && learn && !anomaly) tap.onScored(result, target, input);
        sink.accept(result);
    }

    /**
     * Step 2 of {@link #score}: each channel against the forecast made before the point arrived, into the point's
     * arrays and {@link #pointSumSq} and the fields beside it. A method of its own so that the JIT inlines what it calls:
     * past its inlining budget, a method as long as {@code score} calls every accessor.
     */
    private void compare(KeyState s, double[] x, long phaseTime, boolean weekendDay, int trustedHour, double[] actual,
                         double[] forecast, double[] forecastStd, double[] resid, double[] stdErr, boolean[] imp) {
        final DetectorConfig cfg = config;
        double sumSq = 0;
        // whether a channel's forecast lags a step the key takes daily, and whether another's error is as large (below)
        boolean lagging = false, otherLarge = false;
        int nScored = 0;
        boolean peakBand = false;   // a channel's band is its hour's peak, or was in the hour before
        for (int ch = 0; ch < channelCount; ch++) {
            boolean finite = Double.isFinite(x[ch]);
            if (!finite) actual[ch] = Double.NaN;
            boolean known = s.normaliser.initialised(ch);
            imp[ch] = !finite && known;
            scored[ch] = finite && known;
            double zhat = s.forecast[ch];
            double sd = s.errors.std(ch);
            if (known) {
                double scale = s.normaliser.scale(ch);
                forecast[ch] = s.normaliser.denormalise(ch, zhat);
                // a channel that switches between two levels at nine or more hours of the day (a schedule's switches
                // keep to a few) does not keep to the clock: its switches are judged by its levels, and its hours' peaks
                // (its switches) do not widen its band. One whose switches keep to a few hours is judged by its
                // schedule: a switch at another hour is news
                clockFree[ch] = s.switches.trusted(ch) && (!cfg.phaseProfile()
                        || s.peaks.hoursWithRecurring(ch, 0.5 * s.switches.swing(ch)) >= CLOCK_FREE_HOURS);
                // an error as large as this hour's peak on two days lately is part of the key's schedule
                if (cfg.phaseProfile() && !clockFree[ch]) {
                    double peak = s.peaks.recurring(ch, phaseTime), peakUnit = HourlyPeaks.PEAK_SIGMAS * scale;
                    if (peak / peakUnit > sd) {
                        // the hour has a step of its own: one of its usual size scores as usual, faded or not
                        double step = Math.abs(x[ch] - forecast[ch]);
                        sd = Math.max(peak, step > peak && s.peaks.usualStep(ch, phaseTime, step) ? step : 0) / peakUnit;
                        peakBand = true;
                    } else if (cfg.stuckDetection() && !peakBand && s.peaks.recurringHourBefore(ch, phaseTime) / peakUnit > sd) {
                        peakBand = true;
                    }
                }
                forecastStd[ch] = scale * sd;
                pointSpread[ch] = sd;
            } else {
                forecast[ch] = Double.NaN;
                forecastStd[ch] = Double.NaN;
                clockFree[ch] = false;
            }
            target[ch] = Float.NaN;
            if (scored[ch]) {
                z[ch] = s.normaliser.normalise(ch, x[ch]);
                target[ch] = clip(z[ch]);
                residual[ch] = z[ch] - zhat;
                resid[ch] = x[ch] - forecast[ch];
                // a channel that switches between levels at times no forecaster sees coming (a pump on and off), and
                // not by the clock: a jump to one of its two levels, counted often enough, is judged by that level, and
                // the points it settles over by its last value as well (LevelSwitches). Judged by the forecast, a pump
                // switching every three hours or so opened an incident at a third of its switches
                double judged = residual[ch];
                double spreadUnits = s.errors.std(ch) * s.normaliser.scale(ch), last = s.normaliser.seen(ch);   // an error spread, in the channel's units
                double switched = s.switches.engaged(ch, x[ch], last, spreadUnits)
                        ? s.switches.judge(ch, x[ch], last, spreadUnits, resid[ch], !s.incidents.open(), clockFree[ch]) : resid[ch];
                atSwitch[ch] = switched != resid[ch];   // the forecast error itself unless a level or the last value was nearer
                if (atSwitch[ch]) judged = switched / s.normaliser.scale(ch);
                // next to a step the key takes daily, a point at its hour's usual level is where its schedule says: the
                // forecaster cannot see the step coming and lags it for minutes after (a step of five noise sigmas read
                // every minute, a quarter of an hour), so the point is judged by the nearer of its forecast and that
                // level, and adds nothing to the errors' averages. A point away from that level is judged by its forecast
                atSchedule[ch] = false;
                lagsStep[ch] = false;
                if (cfg.phaseProfile() && scheduledStep(s, ch, phaseTime, weekendDay, trustedHour, spreadUnits)) {
                    double offset = s.weekdays.offset(ch, phaseTime);
                    double fromHour = z[ch] - (s.profile.expected(ch, PhaseProfile.bin(phaseTime)) + offset) / s.normaliser.scale(ch);
                    if (Math.abs(fromHour) <= SCHEDULE_NEAR_ERRORS * sd) {
                        atSchedule[ch] = true;
                        if (Math.abs(fromHour) < Math.abs(judged)) judged = fromHour;
                    } else {
                        // on its way there: a step that ramps over some minutes, read every five, has a point or two
                        // between the hours' levels, each a forecast lagging it by several spreads. Its error is still
                        // judged, but is the schedule's, not a sustained surprise: in the errors' averages, a ramp
                        // read every five minutes opened an incident on one day in seven from its fifth week. A lag
                        // past a recurring peak's size, which noise on a smooth day's steep hours seldom reaches (by
                        // two spreads, a half sine read every 10 seconds opened 13 incidents in three weeks, not 10)
                        lagsStep[ch] = s.profile.lagsStep(ch, phaseTime, x[ch] - s.normaliser.location(ch) - offset, resid[ch],
                                SCHEDULE_PEAK_ERRORS * spreadUnits);
                    }
                }
                learned[ch] = atSwitch[ch] ? judged : residual[ch];
                double e = cfg.direction().filter(judged) / sd;
                stdErr[ch] = e;
                sumSq += e * e;
                nScored++;
                lagging |= lagsStep[ch];
                otherLarge |= !lagsStep[ch] && Math.abs(e) > SCHEDULE_PEAK_ERRORS;
            } else {
                residual[ch] = 0;
                learned[ch] = 0;
                atSwitch[ch] = false;
            }
        }
        pointSumSq = sumSq;
        pointLagging = lagging;
        pointOtherLarge = otherLarge;
        pointPeakBand = peakBand;
        pointScored = nScored;
    }

    /**
     * The evidence over time at this point (in {@link #score}): its score, what holds an open incident, its channel and
     * side, into {@link #pointEvidenceScore} and the fields beside it. A method of its own for the JIT, as {@link #compare}.
     */
    private void judgeEvidence(KeyState s, double[] x, long phaseTime, boolean weekendDay, int trustedHour, boolean open,
                               boolean learn, boolean warmUp, boolean settling, int nScored, double raw, double[] stdErr,
                               int evidenceWindow, double day, int excursions) {
        final DetectorConfig cfg = config;
        double evidenceScore = 0, holdScore = 0;
        int evidenceChannel = -1;
        int evidenceSide = 0;   // which way the evidence says the key went: +1 above, -1 below, 0 no side (a spread)
        java.util.Arrays.fill(usualLevel, Double.NaN);
        allChannels = false;
        // an absurd point (its raw score past the likelihood's clip) is scored by the point test alone: it carries
        // no evidence about the key's level, and one of them must not start a storm
        if (cfg.sustainedEvidence() && nScored > 0 && !settling && raw <= AnomalyLikelihood.RAW_CLIP) {
            boolean hourTrusted = false;   // the first channel's profile is trusted at this hour
            for (int ch = 0; ch < channelCount; ch++) {
                // the daily profile once each hour has been seen on about two days, and the day of the week's usual
                // offset from it once that day has come round three times, read in the key's current scale; on a
                // weekend of another shape than the working days, that shape
                boolean ownWeekend = ownWeekend(s, ch, weekendDay);
                double usual = !cfg.phaseProfile() ? 0 : ownWeekend ? s.weekend.at(ch, phaseTime) : s.profile.at(ch, phaseTime, trustedHour);
                // next to a step the key takes daily (its hour's, or a neighbour's, recurring peak widens the band), the
                // profile's line between the hours' middles cuts across the step: read the hour's own mean where it
                // is nearer. Judged by the line, a key read every minute sat half a step from it for half an hour
                // before and after each step, and its averages opened an incident there every day or two
                if (!ownWeekend && !Double.isNaN(usual) && scored[ch] && nextToUsualStep(s, ch, phaseTime))
                    usual = s.profile.nearerOfLineAndHour(ch, phaseTime, x[ch] - s.normaliser.location(ch), usual);
                if (ch == 0) hourTrusted = cfg.phaseProfile() && !Double.isNaN(usual);
                usual = Double.isNaN(usual) ? 0 : (usual + (ownWeekend ? 0 : s.weekdays.offset(ch, phaseTime))) / s.normaliser.scale(ch);
                // a channel that switches between two levels, not by the clock, whose states hold their level and that
                // keeps to its two: where it should be is the nearer of them. From the key's level, between the two,
                // every point is half a switch away, and a fault inside a level (a pump running six of its noise sigmas
                // high) was lost in that; a channel whose runs climb after a switch, measured from the level it jumped
                // to, opened incidents on its climbs, and a valve's visits to a third position were held anomalous.
                // The averages' ranges, learned from the other measure, are learned again when the measure changes;
                // not while an incident is open
                boolean fromLevels = clockFree[ch] && s.switches.steady(ch);
                if (!open && fromLevels != s.switches.fromLevels(ch)) {
                    s.switches.fromLevels(ch, fromLevels);
                    s.levelEvidence.relearn();
                }
                double level = s.switches.fromLevels(ch) && scored[ch] ? s.normaliser.normalise(ch, s.switches.nearer(ch, x[ch])) : Double.NaN;
                if (channelCount == 1 && !Double.isNaN(level)) usual = level;
                marginal[ch] = scored[ch] ? finiteOr(z[ch] - usual, 0) : 0;
                // with several channels the relations still take its deviation from the key's level (channels that
                // switch together explain each other), and its own evidence takes this one. Given the others, a pump
                // beside an unrelated sensor was the same square wave, and its fault inside a level as lost
                fromLevel[ch] = channelCount > 1 && !Double.isNaN(level) ? finiteOr(z[ch] - level, 0) : Double.NaN;
                // the incident's mean deviation so far: where the key now is, should it become the new normal
                if (open && scored[ch]) s.shiftSum[ch] += (float) Math.max(-cfg.evidenceClip(), Math.min(cfg.evidenceClip(),
                        Double.isNaN(fromLevel[ch]) ? marginal[ch] : fromLevel[ch]));
                errorDeviation[ch] = scored[ch] && !atSchedule[ch] && !lagsStep[ch] && !atSwitch[ch] && !usualError ? finiteOr(stdErr[ch], cfg.evidenceClip()) : 0;
            }
            // several channels: each one's deviation from where the others say it should be
            allChannels = nScored == channelCount && channelCount > 1;
            // with a reading missing, from where the present others say: the same units, so the averages do not mix a
            // channel's own wander into a key's conditional deviations (with 2% of the rig's readings missing, that
            // flagged its normal rows 2.6 times as often)
            if (channelCount > 1) {
                s.relations.conditional(marginal, scored, levelDeviation, RELATIONS_AFTER * channelCount, conditionalSpread);
                for (int ch = 0; ch < channelCount; ch++) if (!Double.isNaN(fromLevel[ch])) levelDeviation[ch] = fromLevel[ch];
            } else {
                System.arraycopy(marginal, 0, levelDeviation, 0, channelCount);
            }
            // a new run's anchor learns from the run's normal points only, as the normaliser does: it pauses through an
            // incident and goes on when it closes. Stopped at the first incident, one glitch early in a run left the run
            // judged against the mean of its first few points
            anchoredNow = s.anchoring && !open;
            if (anchoredNow) anchor(s);
            // where each channel should be: its level before the incident (the normaliser holds still through one), at
            // this hour, and, on several channels, where the others now say it should be (its reading less the part of
            // its deviation they do not explain). What an anomaly found over time is measured from: its forecast has
            // followed the change
            for (int ch = 0; ch < channelCount; ch++) {
                double unexplained = channelCount == 1 ? marginal[ch] : Double.isNaN(fromLevel[ch]) ? levelDeviation[ch] * conditionalSpread[ch] : fromLevel[ch];
                usualLevel[ch] = scored[ch] ? s.normaliser.location(ch) + s.normaliser.scale(ch) * (z[ch] - unexplained) : Double.NaN;
            }
            for (int ch = 0; ch < channelCount; ch++) levelDeviation[ch] = finiteOr(cfg.direction().filter(levelDeviation[ch]), 0);
            // the spread of each channel's errors on a log scale: up for a noisier sensor, down to the floor for a stuck one;
            // judged against the error scale of normal points only, since the live one learns through an incident
            // and would take a variance change in within its window. Taken from successive errors: (e_t - e_t-1) / sqrt 2
            // has the errors' spread without their slowly moving bias, so a forecast that lags the key (as after a long
            // incident, its inputs normalised by a reference that held still) does not read as a noisier sensor
            if (channelCount > 1) {
                for (int ch = 0; ch < channelCount; ch++) {
                    float previous = s.lastSpreadError[ch];
                    float error = scored[ch] ? (float) cfg.direction().filter(residual[ch]) : Float.NaN;
                    spreadScored[ch] = scored[ch] && !Float.isNaN(previous);
                    spreadDeviation[ch] = spreadScored[ch] ? spreadDeviation(error, previous, s.spreadReference.std(ch)) : 0;
                    s.lastSpreadError[ch] = error;
                }
            }
            // the averages' noise floor: unit noise in the key's scale, or, against a trusted hour of the profile, the
            // noise the deviation itself has: twice the point test's error spread, and at least the profile's largest
            // change between hours near now (its straight lines cut across a sharp step by that much)
            int bin = PhaseProfile.bin(phaseTime);
            for (int ch = 0; ch < channelCount; ch++) {
                double floor = !hourTrusted || !s.normaliser.initialised(ch) ? 1.0 : LEVEL_FLOOR_ERRORS * pointSpread[ch];
                // the profile's steepness can only raise a floor under one scale: not looked at otherwise
                if (floor < 1.0) floor = Math.max(floor, (ownWeekend(s, ch, weekendDay) ? s.weekend.steepestNear(ch, phaseTime)
                        : s.profile.steepestNear(ch, bin)) / s.normaliser.scale(ch));
                // several channels: the deviation averaged is the channel given the others, in its spreads given them,
                // so the floor is read in those. Read in the key's scale, it could be half of its own unit noise on keys
                // whose shared causes wander far beside their sensors' noise, and their noise opened incidents
                if (channelCount > 1 && scored[ch] && conditionalSpread[ch] > 0) floor /= conditionalSpread[ch];
                // measured from a level it switches to, the noise is that level's, which the point test's spread is
                // about: the key's scale holds the switches, and with it as the floor the pump's fault of six noise
                // sigmas reached three of the 64-point average's spreads
                if (s.switches.fromLevels(ch) && s.normaliser.initialised(ch)) floor = LEVEL_FLOOR_ERRORS * pointSpread[ch];
                levelFloor[ch] = Math.min(1.0, floor);
            }
            // a stuck sensor that moves again: its averages held the run (its deviation given the others, its errors or
            // spread at the floor), which is over. They start again from their usual values; left to decay, the 64-point
            // averages held the incident for tens of points after the generated rig's flatlines ended
            for (int ch = 0; ch < channelCount; ch++) {
                if (scored[ch] && repeatsScore(s.normaliser, ch, s.normaliser.repeats(ch)) >= threshold && s.normaliser.repeatsWith(ch, x[ch]) == 0) {
                    s.levelEvidence.forget(ch);
                    (channelCount > 1 ? s.spreadEvidence : s.errorEvidence).forget(ch);
                }
            }
            double a = s.levelEvidence.update(levelDeviation, scored, cfg.evidenceClip(), evidenceWindow, learn, 0, levelFloor);
            // with several channels, the evidence over time is each channel's level given the others and its spread. A
            // channel's own forecast errors are judged point by point (the likelihood) but not accumulated: summed over
            // time they mostly measure the forecaster lagging an operating point the others explain
            // a key whose day has a shape, at a trusted hour: the level's 4-point average against its schedule judges a
            // short run, and the errors' own 4-point average then mostly measures the forecast lagging the schedule's
            // steep hours, one more way for a normal key to pass; their slower averages still count
            int errorsFrom = channelCount == 1 && hourTrusted && s.normaliser.initialised(0)
                    && s.profile.shaped(0, s.normaliser.scale(0), SHAPED_SHARE) ? 1 : 0;
            // the warm-up after the recurrent state restarted (a long gap, a new run, a restore): the forecasts are still
            // settling, so the errors' and spread's averages start afresh when it ends. Carried past it, those transients
            // opened incidents on the first normal points of the rig's new runs. Their ranges still learn from the
            // warm-up: a restarted forecaster stays a little off for some points after it too
            boolean restarting = warmUp && s.sequence >= cfg.warmUpPoints();
            double b = channelCount > 1 ? 0 : s.errorEvidence.update(errorDeviation, scored, cfg.evidenceClip(), evidenceWindow, learn, errorsFrom);
            // one channel's spread changing is diluted in the raw score's RMS over channels; with one channel the
            // likelihood's recent error level already judges it
            double c = channelCount > 1 ? s.spreadEvidence.update(spreadDeviation, spreadScored, cfg.evidenceClip(), evidenceWindow, learn) : 0;
            if (restarting && s.warmUpRemaining == 1) {
                s.errorEvidence.forget();
                s.spreadEvidence.forget();
            }
            if (Math.abs(c) > Math.abs(b)) {
                b = c;
                spreadBest = true;
            } else {
                spreadBest = false;
            }
            // what says the key is still away. With several channels: each channel's level given the others, and the
            // spread. Not a channel's own forecast errors: after a long incident they stay biased while the forecaster
            // catches up with an operating point that moved under its frozen normalisation, which held incidents open
            // long past their faults. With one channel the errors judge the changes its level follows, and hold too
            double held = channelCount > 1
                    ? Math.max(Math.abs(s.levelEvidence.recent()), Math.abs(s.spreadEvidence.recent()))
                    : Math.max(Math.abs(s.levelEvidence.recent()), Math.abs(s.errorEvidence.recent()));
            double best = Math.abs(a) >= Math.abs(b) ? a : b;
            // the level's channel: the one whose averages of its deviation given the others are farthest out. For one
            // sensor's fault its deviation given the others is the largest (the reconstruction-based contribution of
            // fault isolation); by its own deviation, a channel that wanders with the key's slow state was named
            // instead, and on the generated rig one of the channels at fault in 15 of 30 windows' first alerts, not 25.
            // With all channels present the evidence is judged even before an average has its range (naming channel 0)
            evidenceChannel = Math.abs(a) >= Math.abs(b) ? (allChannels ? Math.max(0, s.levelEvidence.bestChannel()) : s.levelEvidence.bestChannel())
                    : spreadBest ? s.spreadEvidence.bestChannel() : s.errorEvidence.bestChannel();
            // and which way, by the averages themselves: a forecast that has followed a slow change has a last error
            // of either sign (at the generated rig's first openings, 10 of 16 the right way by it, 13 by the averages)
            double side = Math.abs(a) >= Math.abs(b) ? s.levelEvidence.bestChannelDeviation()
                    : spreadBest ? 0 : s.errorEvidence.bestChannelDeviation();
            evidenceSide = side > 0 ? 1 : side < 0 ? -1 : 0;
            if (evidenceChannel >= 0) {
                // how rare the largest squared standardised average is, under the key's own record of it while normal
                double sq = best * best;
                if (s.evidenceTail.count() >= evidenceFitPoints(day)) {
                    // a value as rare as ones the key keeps showing for a few points at a time (a sharp feature of a
                    // cycle out of step with the clock, which the forecaster cannot see coming) is no rarer than that
                    // record: the fit never learns values past three sigmas, and each cycle opened an incident for good
                    double surprise = sq > s.evidenceTail.cheapBelow() ? -s.evidenceTail.log10Tail(sq) : 0;
                    evidenceScore = surprise > 0 ? AnomalyLikelihood.fromLog10Tail(Math.max(-surprise, s.recurringEvidence.log10Floor(surprise, excursions))) : 0;
                    s.recurringEvidence.observe(surprise);
                    // a new normal's fit is learned from its first points, which can hold the key catching up with its
                    // new level or coming back to the old one, and then read ordinary noise as rare for days: after a
                    // new normal the evidence opens only what the fit from before finds rare as well
                    if (evidenceScore > 0 && s.evidenceTail.hasPrior())
                        evidenceScore = Math.min(evidenceScore, rarity(s.evidenceTail, sq, true));
                }
                // what holds an open incident: the same rarity without the slowest averages, which lag a return. A key
                // after a new normal holds by the fit it had before until its new fit has its values: without one, a
                // fault the point test opens there closed in 20 points while the key was still ten sigmas away
                double hsq = held * held;
                if (open && s.evidenceTail.count() >= evidenceFitPoints(day)) holdScore = rarity(s.evidenceTail, hsq, false);
                else if (open && s.evidenceTail.hasPrior()) holdScore = rarity(s.evidenceTail, hsq, true);
                // a value rarer than a three-sigma event does not teach the fit: the fit is a reference that holds
                // still, so a drift that raises the averages for hundreds of points cannot widen it as it goes
                // (a value the key's record of short excursions says it keeps showing is not: the fit learns it)
                if (learn && evidenceScore < EVIDENCE_LEARN_BELOW) s.evidenceTail.update(sq, evidenceWindow);
            }
        } else if (channelCount > 1) {
            // no difference across a point the evidence skipped
            java.util.Arrays.fill(s.lastSpreadError, Float.NaN);
        }
        pointEvidenceScore = evidenceScore;
        pointHoldScore = holdScore;
        pointEvidenceChannel = evidenceChannel;
        pointEvidenceSide = evidenceSide;
    }

    /**
     * Step 3 of {@link #score}: what the key learns from the point. A method of its own for the JIT, as {@link #compare}.
     */
    private void learnFrom(KeyState s, double[] x, boolean anomaly, boolean open, boolean rebase, int nScored, boolean settling,
                           long phaseTime, long lastPhaseTime, boolean newDate, boolean weekendDay, int trustedHour,
                           int incidentPoints, double raw, int evidenceWindow) {
        final DetectorConfig cfg = config;
        boolean learnNow = !anomaly && (!open || rebase);
        // a channel that stands still through an incident (a stuck sensor, a sentinel) shows none of the key's noise:
        // its errors, as large as the sentinel is far, would teach the live error scale a noise the key does not have,
        // and once it moves again its real readings would look stuck; its reading would stretch the range for good
        for (int ch = 0; ch < channelCount; ch++) still[ch] = anomaly && scored[ch] && s.normaliser.standsStill(ch, x[ch], STILL_MOVED_SHARE);
        boolean[] skip = imputed;   // reused as "not learned from": imputed, not yet normalisable, or standing still
        for (int ch = 0; ch < channelCount; ch++) skip[ch] = !scored[ch] || still[ch];
        // a point whose value moved from the last one learned: an idle key's bursts are judged by the points that moved.
        // An idle channel's bursts are few: learned at the key's rate, a channel among many that bursts on 1% of its
        // points opened an incident on one usual burst in seven to nine (read only where the channel moved)
        for (int ch = 0; ch < channelCount; ch++) {
            moved[ch] = scored[ch] && s.normaliser.moves(ch, x[ch]);
            idle[ch] = moved[ch] && !s.normaliser.movesMostly(ch, IDLE_MOVED_SHARE);
        }
        // a switch's forecast error, and the overshoot it settles from, are the forecaster's lag, not the key's noise
        if (nScored > 0 && !settling) s.errors.update(learned, skip, moved, idle, cfg.errorWindow(), cfg.errorClip());
        // several channels: the spread evidence's reference learns from normal points only
        if (channelCount > 1 && learnNow && nScored > 0 && !settling)
            s.spreadReference.update(residual, skip, cfg.errorWindow(), cfg.errorClip());
        if (allChannels && learnNow) {
            for (int ch = 0; ch < channelCount; ch++) {
                relationLevel[ch] = s.normaliser.location(ch);
                relationScale[ch] = s.normaliser.scale(ch);
            }
            s.relations.learn(marginal, x, relationLevel, relationScale, evidenceWindow);
        }
        if (learnNow && nScored > 0 && !settling) {
            for (int ch = 0; ch < channelCount; ch++) {
                double lim = cfg.errorClip() * s.errors.std(ch);
                learnError[ch] = scored[ch] ? Math.max(-lim, Math.min(lim, learned[ch])) : 0;
            }
            copyTop(s);
            s.correction.learn(top, learnError, skip, cfg.adaptationRate());
        }
        double interval = s.intervals.expected(cfg.fixedIntervalMillis());
        int previousBin = s.intervals.hasLast() ? PhaseProfile.bin(lastPhaseTime) : -1;
        double perDay = interval > 0 ? (double) PhaseClock.DAY / interval : 0;
        boolean relearned = false;   // the level evidence's ranges, at this point: the profile became trusted
        for (int ch = 0; ch < channelCount; ch++) {
            if (Double.isFinite(x[ch]) && learnNow) {
                boolean phase = scored[ch] && cfg.phaseProfile() && Math.abs(z[ch]) <= cfg.inputClip();
                double fromLevel = x[ch] - s.normaliser.location(ch);   // the phase's units: the channel's, less the key's level
                // the day of the week learns how this point stands against the daily profile, as the profile was
                // before it took the point in, once the profile is trusted
                double hourly = phase ? s.profile.at(ch, phaseTime, trustedHour) : Double.NaN;
                // once every day of the week is read, the level deviation no longer holds the weekly swing: its averages'
                // ranges, and the rarity fitted to them, learned from that swing, would hide a weekday's change for weeks
                if (!Double.isNaN(hourly)
                        && s.weekdays.update(ch, phaseTime, fromLevel - hourly, perDay, cfg.phaseMemoryDays(), newDate)) {
                    s.levelEvidence.relearn();
                    s.evidenceTail.relearn();
                }
                // a weekend day teaches the weekend's profile, and the daily one only while the weekend has no shape of its own
                if (phase && weekendDay) s.weekend.update(ch, phaseTime, fromLevel, newDate, interval, cfg.phaseMemoryDays(), s.profile);
                boolean nowTrusted = phase && !ownWeekend(s, ch, weekendDay)
                        && s.profile.update(ch, phaseTime, fromLevel, perDay, cfg.phaseMemoryDays(), previousBin, trustedHour);
                // the profile is trusted from now: until now the level deviation held the whole daily swing, and its
                // averages' ranges, learned from that, would hide a shift under the cycle for days
                if (nowTrusted) {
                    s.levelEvidence.relearn();
                    relearned = true;
                }
            }
            // the channels' relations are a property of the sensors, not of the unit: they follow it however it moves
            boolean relate = channelCount > 1 && Double.isFinite(x[ch]) && s.normaliser.initialised(ch);
            double scaleBefore = relate ? s.normaliser.scale(ch) : 0;
            if (Double.isFinite(x[ch]) && learnNow) {
                // the error scales are in the normaliser's units. While the normaliser is still estimating its scale
                // (a new key's grows several-fold over its first few hundred points), they are converted to the new
                // unit, or the key's band would start that much too wide and take thousands of points to narrow.
                // Once it tracks, a change of scale is the signal's amplitude changing, and the forecast's errors
                // change with it: the normalised units are then the right ones to keep.
                boolean follow = !settling && s.normaliser.initialised(ch) && s.normaliser.estimating(ch, cfg.normalisationWindow());
                double before = follow ? s.normaliser.scale(ch) : 0;
                s.normaliser.learn(ch, x[ch], cfg.normalisationWindow(), cfg.robustAfter(), cfg.robustClip());
                if (follow) {
                    double after = s.normaliser.scale(ch);
                    s.errors.rescale(ch, before, after);
                    s.spreadReference.rescale(ch, before, after);
                }
            } else if (Double.isFinite(x[ch])) {
                s.normaliser.moveNotLearned(ch, x[ch], cfg.robustClip());   // an idle key's first bursts are anomalous, and the only measure of a burst
            }
            if (relate) s.relations.rescale(ch, scaleBefore, s.normaliser.scale(ch));
            // the range is what the key has shown, less a glitch (1e30 once would leave nothing past its range again) and
            // a reading that stands still (a sentinel's -999 after its first points)
            if (Double.isFinite(x[ch]) && !glitch(s, ch, x[ch], anomaly, incidentPoints, raw) && !still[ch])
                s.range.update(ch, x[ch]);
        }
        // an hour's trust is counted in points at the key's interval, which moves from point to point on a key sampled
        // at irregular times: every hour can pass it between two points of their own, and the transition above is never
        // seen. Its level evidence then kept the ranges it learned from the whole daily swing, and a step of ten noise
        // sigmas over its cycle was flagged on 2 of its 100 points. Looked at once an hour until it is seen, and where
        // the transition was seen (which a key sampled regularly always sees, so it relearns once, as it did)
        if (s.awaitingTrustedProfile && learnNow && cfg.phaseProfile() && (relearned || PhaseProfile.bin(phaseTime) != previousBin)
                && everyProfileTrusted(s, trustedHour)) {
            if (!relearned) s.levelEvidence.relearn();
            s.awaitingTrustedProfile = false;
        }
    }

    /**
     * One point of a new run's anchor: each channel's level moves to the running mean of its deviations since the run
     * began, so the run is judged against where it runs rather than where the key ran before the pause. On a key of
     * several channels the step is taken in the units the level's evidence reads (each channel given the others) and
     * turned back into each channel's own ({@link ChannelRelations#marginal}): the mean of each channel's own
     * deviations. Each point's deviation is from the mean so far (the level already moved by it), so the mean moves by
     * a {@code k}th of it, and the points anchored so far are all the anchor keeps. A run that starts off the
     * relations' centre ({@link #RUN_OFF_CENTRE}) moves that centre by the same steps.
     */
    private void anchor(KeyState s) {
        int k = ++s.anchoredPoints;
        // the running mean's step: the deviation is from the mean so far
        // after the first point, a deviation is clipped at RUN_ANCHOR_CLIP sqrt(k) spreads: one glitch then moves the
        // mean by at most RUN_ANCHOR_CLIP / sqrt(k), while a channel whose reading the first point lacked still reaches
        // its level within a few points (the clipped steps add up as sqrt(k))
        double clip = k == 1 ? Double.POSITIVE_INFINITY : RUN_ANCHOR_CLIP * Math.sqrt(k);
        for (int ch = 0; ch < channelCount; ch++) anchorStep[ch] = scored[ch] ? Math.max(-clip, Math.min(clip, levelDeviation[ch])) / k : 0;
        if (channelCount > 1) s.relations.marginal(anchorStep, scored, anchorShift, RELATIONS_AFTER * channelCount);
        else System.arraycopy(anchorStep, 0, anchorShift, 0, channelCount);
        for (int ch = 0; ch < channelCount; ch++) {
            if (!scored[ch] || !Double.isFinite(anchorShift[ch])) continue;
            s.normaliser.shift(ch, anchorShift[ch] * s.normaliser.scale(ch));
            marginal[ch] -= anchorShift[ch];
            levelDeviation[ch] -= anchorStep[ch];
        }
        if (channelCount > 1) {
            // a run off the relations' centre (a sensor that reads warmer this run, channels moved apart) takes the
            // centre with it: left behind, the run's offset is learned as a relation between the channels, and the
            // run's later points, a fault's end among them, are judged by relations bent to it. A run where the key
            // usually runs leaves the centre where it is: about it a slow shared cause counts at its full size
            if (k == 1) {
                for (int ch = 0; ch < channelCount; ch++) {
                    relationLevel[ch] = s.normaliser.location(ch);
                    relationScale[ch] = s.normaliser.scale(ch);
                }
                s.runOffCentre = s.relations.distanceFromCentre(relationLevel, relationScale, RELATIONS_AFTER * channelCount) > RUN_OFF_CENTRE;
            }
            if (s.runOffCentre) {
                for (int ch = 0; ch < channelCount; ch++)
                    if (scored[ch] && Double.isFinite(anchorShift[ch])) s.relations.shiftCentre(ch, anchorShift[ch] * s.normaliser.scale(ch));
            }
        }
        if (k >= RUN_ANCHOR_POINTS) s.anchoring = false;
    }

    /** Whether channel {@code ch} is judged against its weekend's own shape now, rather than the daily profile. */
    private boolean ownWeekend(KeyState s, int ch, boolean weekendDay) {
        return config.phaseProfile() && weekendDay && s.weekend.used(ch);
    }

    /** One LSTM step per lane on {@link #input}, then the key's head correction: the next forecast. */
    private void step(KeyState s) {
        final int size = layers * hidden;
        for (int j = 0; j < lanes; j++) {
            stepper.step(input, j * laneChannels, s.h, s.c, j * size, s.forecast, j * laneChannels);
        }
        copyTop(s);
        s.correction.apply(top, s.forecast);
        s.modelVersion = model.version();
    }

    private void copyTop(KeyState s) {
        final int size = layers * hidden;
        for (int j = 0; j < lanes; j++) {
            System.arraycopy(s.h, j * size + (layers - 1) * hidden, top, j * hidden, hidden);
        }
    }

    private void resetRecurrent(KeyState s) {
        Arrays.fill(s.h, 0f);
        Arrays.fill(s.c, 0f);
        refreshForecast(s);
    }

    /** Takes back this point's anchor step: the point opened an incident, so it was not one of the run's normal points. */
    private void unanchor(KeyState s) {
        for (int ch = 0; ch < channelCount; ch++) {
            if (!scored[ch] || !Double.isFinite(anchorShift[ch])) continue;
            s.normaliser.shift(ch, -anchorShift[ch] * s.normaliser.scale(ch));
            if (s.runOffCentre && channelCount > 1) s.relations.shiftCentre(ch, -anchorShift[ch] * s.normaliser.scale(ch));
        }
        s.anchoring = true;   // its last step may have ended the anchor
        if (--s.anchoredPoints == 0) s.runOffCentre = false;
    }

    /** The pending forecast from the key's h and head correction as they are (after a restore changed either). */
    void refreshForecast(KeyState s) {
        final int size = layers * hidden;
        for (int j = 0; j < lanes; j++) stepper.forecast(s.h, j * size, s.forecast, j * laneChannels);
        copyTop(s);
        s.correction.apply(top, s.forecast);
    }

    /**
     * The end of an incident opened while a new run was settling: the run's anchor starts again from the next point,
     * and the evidence forgets the incident, as after a close.
     */
    private void settleAgain(KeyState s) {
        s.anchoring = true;
        s.anchoredPoints = 0;
        s.runOffCentre = false;
        forgetIncident(s);
    }

    /** The evidence's averages start again from their usual values: an incident that ended is not carried on. */
    private static void forgetIncident(KeyState s) {
        s.levelEvidence.forget();
        s.errorEvidence.forget();
        s.spreadEvidence.forget();
    }

    /**
     * An accepted new normal: the key's level moves to where it now is (the slowest average of its deviation from
     * the old level) and its averages start again from their usual values.
     */
    private void rebaseline(KeyState s) {
        s.anchoring = false;   // a new normal sets the level: a run's anchor paused by the incident is over
        int points = Math.max(1, s.incidents.endedLength());
        for (int ch = 0; ch < channelCount; ch++) {
            if (!s.normaliser.initialised(ch)) continue;
            double by = s.shiftSum[ch] / points;   // the incident's mean deviation, in normalised units
            s.normaliser.shift(ch, by * s.normaliser.scale(ch));
            s.normaliser.relearn(ch, RELEARN_POINTS);
        }
        // the key's level model starts again: its evidence is relearned from the new normal, and so is its daily
        // profile unless every channel's day has a shape. A day with a shape is kept, and its week with it: the first
        // weekend of a key busy on working days only is a new normal, and relearning the day from a flat weekend
        // would forget the week each weekend, opening another incident at each weekend's start and end. A level that
        // moved is still read right (the profile is in the channel's units less the key's level, which moved with it)
        boolean keepDay = config.phaseProfile();
        for (int ch = 0; ch < channelCount && keepDay; ch++)
            keepDay = s.normaliser.initialised(ch) && s.profile.shaped(ch, s.normaliser.scale(ch), SHAPED_SHARE);
        if (!keepDay) {
            s.profile.clear();
            s.weekdays.clear();
            s.weekend.clear();
            s.awaitingTrustedProfile = true;
        }
        s.levelEvidence.relearn();
        s.errorEvidence.relearn();
        s.spreadEvidence.relearn();
        // the fit judged the key's evidence in its own spreads, which the new normal learns again: until it has a new
        // fit, it still tells an incident that opens from a key that has returned
        if (s.evidenceTail.count() >= evidenceFitPoints(dayInWindow(pointsPerDay(s)))) s.evidenceTail.relearnKeepingPrior();
        else s.evidenceTail.relearn();
        s.relations.relearn();
        // the errors' spread of the new normal is what the live scale learned through the incident
        s.spreadReference.copyFrom(s.errors);
    }

    /**
     * How rare {@code x} is under the key's evidence fit, or under the fit it had before its last new normal, as a
     * score in [0, 1]; 0 below the fit's cheap bound, where the exact tail is not worth its cost.
     */
    private static double rarity(GammaTail tail, double x, boolean prior) {
        if (prior) return x > tail.priorCheapBelow() ? AnomalyLikelihood.fromLog10Tail(tail.priorLog10Tail(x)) : 0;
        return x > tail.cheapBelow() ? AnomalyLikelihood.fromLog10Tail(tail.log10Tail(x)) : 0;
    }

    /** Whether every channel's daily profile has {@code trustedHour} points in each hour. */
    private boolean everyProfileTrusted(KeyState s, int trustedHour) {
        for (int ch = 0; ch < channelCount; ch++) if (!s.profile.trusted(ch, trustedHour)) return false;
        return true;
    }

    /**
     * Values the evidence fit needs before it judges: a whole day of the key's points where a day fits in the evidence
     * window (a key read once a minute: 1,440), and otherwise {@link #EVIDENCE_FIT_POINTS}; after a new normal, the fit
     * from before holds an open incident until then. Fitted on 300 values, a key read every minute judged its day from
     * five hours of it: a step at 08:00 it had not yet seen opened an incident that held to a new normal, re-based the
     * key onto part of its day, and every later step did the same, from its first day (149 incidents in ten weeks, where
     * the same key read every five minutes, whose 300 values are a day, opened one) and again from any later new normal
     * (a daily step on eight seeds, four weeks each: 153 incidents, 24 with the new normal's fit waiting too). A key read
     * faster than every 4.3 seconds (at the default) has a day too long to wait for, and its faults are in minutes,
     * which its first 300 points hold.
     */
    private static int evidenceFitPoints(double day) {
        return (int) Math.max(EVIDENCE_FIT_POINTS, day);
    }

    /**
     * Points over which the record of the evidence's short excursions decays by e: about {@link #EXCURSION_DAYS} days
     * of a key whose day fits in the evidence window, and at least {@link RecurringRecord#EVIDENCE_WINDOW}, which is
     * 35 days at one reading every five minutes but a week at one a minute, where a feature of the key's day shown
     * twice a day counted 14, never the 20 that make it the key's habit. A daily step of five noise sigmas read every
     * minute, whose forecaster lags each step, opened 86 incidents in ten weeks on its errors' averages and point test;
     * 61 with a month.
     */
    private static int excursionWindow(double day) {
        return (int) Math.max(RecurringRecord.EVIDENCE_WINDOW, EXCURSION_DAYS * day);
    }

    /**
     * A record's window of {@code points}, or where longer the key's points so far, up to a day of them. The records
     * count in points, and 3,000 points of a key read every second are 50 minutes: a sawtooth's drop every 137
     * readings counted 19.4 to 21.7 there, about the 20 that make it the key's habit, and a shape shown less often never
     * counted them. A record's floor is its count over its window, so the window grows only as the key has points to
     * fill it: a day from the start left a young key's habit counted at a fraction of its rate, and the sharp bump of
     * {@code SharpCycleTest}'s key opened 6 incidents where it opens none. A key read every 29 seconds or slower keeps
     * both records' own windows.
     */
    private static int upToADay(int points, double pointsADay, long age) {
        return (int) Math.max(points, Math.min(Math.min(pointsADay, age), Integer.MAX_VALUE / 2));
    }

    /** {@code perDay}, the key's points a day, where a day fits in the evidence window, else 0. */
    private double dayInWindow(double perDay) {
        return perDay <= evidenceWindow(perDay) ? perDay : 0;
    }

    /** The key's points a day at its usual interval, 0 before it has one. */
    private double pointsPerDay(KeyState s) {
        double interval = s.intervals.expected(config.fixedIntervalMillis());
        return interval > 0 ? Math.ceil(PhaseClock.DAY / interval) : 0;
    }

    /**
     * Points over which a key's evidence ranges, their rarity fit and its channels' relations are learned: the
     * configured evidence window, or a day of the key's points where that is longer and at most
     * {@link #DAY_WINDOW_LIMIT} times it (at the default, a key read every 4.3 to 43 seconds). Learned over less than a
     * day, a key's ranges take whatever its last hours did for its whole range: a key read every 30 seconds whose level
     * steps at 08:00 and 18:00 opened an incident at every step from its first day (89 in six weeks; 8 over a day), each
     * held to a new normal that set the key's scale on half its day, so that the next step stood outside its inputs'
     * clip again. A faster key's day is too long for its fit to wait for (the rig, read every second, has faults in its
     * first 20 minutes), and it keeps the setting.
     */
    private int evidenceWindow(double perDay) {
        int window = config.evidenceWindow();
        return perDay > window && perDay <= (double) DAY_WINDOW_LIMIT * window ? (int) perDay : window;
    }

    /**
     * Whether channel {@code ch} at {@code time} is next to a step the key takes daily, by its trusted profile: the
     * profile steps into or out of the hour ({@link #SCHEDULE_STEP_ERRORS}) and the hour or a neighbour has a recurring
     * peak ({@link #SCHEDULE_PEAK_ERRORS}), both in error spreads of {@code unit} (the channel's units). The cheapest
     * test first: most keys' profiles are flat.
     */
    private boolean scheduledStep(KeyState s, int ch, long time, boolean weekendDay, int trustedHour, double unit) {
        return s.profile.stepIntoOrOutOf(ch, PhaseProfile.bin(time)) > SCHEDULE_STEP_ERRORS * unit
                && s.peaks.recurringNear(ch, time) > SCHEDULE_PEAK_ERRORS * unit
                && !ownWeekend(s, ch, weekendDay) && !Double.isNaN(s.profile.at(ch, time, trustedHour));
    }

    /** Whether channel {@code ch}'s hour at {@code time}, or the hour before or after it, has a step the key takes daily. */
    private static boolean nextToUsualStep(KeyState s, int ch, long time) {
        return s.peaks.recurringNear(ch, time) / (HourlyPeaks.PEAK_SIGMAS * s.normaliser.scale(ch)) > s.errors.std(ch);
    }

    /** Points an hour of the daily profile needs before it is used: about two days of that hour at the key's interval. */
    private int trustedHourPoints(KeyState s) {
        double interval = s.intervals.expected(config.fixedIntervalMillis());
        if (!(interval > 0)) return Integer.MAX_VALUE;
        return (int) Math.max(2, Math.min(Short.MAX_VALUE, Math.ceil(2 * 3_600_000.0 / interval)));
    }

    /**
     * The spread evidence's deviation of a channel's error, given its last one and the errors' usual scale: the log of
     * the squared difference over twice the scale's square, standardised for normal errors, and floored where an
     * error's size says nothing about its channel's spread (a stuck channel sits at the floor).
     */
    static double spreadDeviation(double error, double previous, double scale) {
        double e = (error - previous) / (SQRT2 * scale);
        return (Math.log(Math.max(e * e, SPREAD_FLOOR)) - LOG_CHI2_MEAN) / LOG_CHI2_SD;
    }

    /**
     * How rare a run of {@code repeats} repeated readings is for channel {@code ch}, a continuous sensor: each repeat
     * after the first as rare as the share of its normal points that did not move (at least
     * {@link #REPEAT_CHANCE_FLOOR}), on the likelihood's scale. The first is free: a reading can repeat by its
     * resolution. At the share that a sensor which never repeats reaches in two bytes (98.5%), four repeats in a row (its
     * fifth identical reading) score 0.53, a run met by chance once in 300,000 points; 0 for a channel that repeats more
     * than {@link #REPEATS_MOVED_SHARE} says. A channel that holds still for a few readings as it works (a gateway that
     * repeats the last reading for five points each night) is judged by the repeats past its usual run: measured from the
     * first, that pause opened an incident every night. A run that has ended, however long, is usual for a day for each of
     * its repeats: a sensor stuck for hours and mended is judged past it for days, and from the first again within two
     * weeks.
     */
    static double repeatsScore(RobustNormaliser n, int ch, int repeats) {
        int beyond = repeats - Math.max(1, n.usualRepeats(ch));
        if (beyond < 1 || !n.movesMostly(ch, REPEATS_MOVED_SHARE)) return 0;
        double chance = Math.max(1 - n.movedShare(ch), REPEAT_CHANCE_FLOOR);
        return AnomalyLikelihood.fromLog10Tail(beyond * Math.log10(chance));
    }

    /**
     * Whether a channel of the key stands still: at least {@link #STILL_MOVED_SHARE} of its normal points moved, and it
     * repeats the last reading it learned (a sensor frozen at its last normal value), the last reading it saw (a jump
     * to a constant that opened the incident, so none of it was learned) or an edge of its range as it stands before
     * this point (a sentinel, a dead sensor's zero, a rail: after the first such point each repeats it). A continuous
     * sensor's noise almost never repeats a reading; a stuck one repeats it at every point.
     */
    private boolean standsStill(KeyState s, double[] x, boolean[] scored) {
        for (int ch = 0; ch < channelCount; ch++)
            if (scored[ch] && (s.normaliser.standsStill(ch, x[ch], STILL_MOVED_SHARE)
                    || (s.range.atEdge(ch, x[ch]) && s.normaliser.movesMostly(ch, STILL_MOVED_SHARE)))) return true;
        return false;
    }

    /**
     * Whether channel {@code ch}'s reading {@code xch} (finite) is a glitch: one of the first {@link #GLITCH_POINTS}
     * points of an incident, past the likelihood's clip, and far outside anything normalised (such as 1e30).
     */
    private boolean glitch(KeyState s, int ch, double xch, boolean anomaly, int incidentPoints, double raw) {
        if (!anomaly || incidentPoints > GLITCH_POINTS || raw <= AnomalyLikelihood.RAW_CLIP) return false;
        return !(Math.abs(s.normaliser.normalise(ch, xch)) <= config.inputClip());
    }

    /** Whether a channel's value lies past every value the key has shown, once its range is trusted. */
    private boolean pastRange(KeyState s, double[] x, boolean[] scored) {
        if (s.sequence < config.rangeAfterPoints()) return false;
        for (int ch = 0; ch < x.length; ch++) if (scored[ch] && s.range.outside(ch, x[ch])) return true;
        return false;
    }

    private static double finiteOr(double v, double clip) {
        return Double.isNaN(v) ? 0 : v;   // infinities clip to +/- clip in the evidence; NaN carries nothing
    }

    private float clip(double v) {
        double lim = config.inputClip();
        return (float) Math.max(-lim, Math.min(lim, v));
    }

    private static boolean anyFinite(double[] values) {
        for (double v : values) if (Double.isFinite(v)) return true;
        return false;
    }
}
