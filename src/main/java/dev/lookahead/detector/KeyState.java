package dev.lookahead.detector;

import dev.lookahead.preprocessing.IntervalTracker;
import dev.lookahead.preprocessing.ReorderBuffer;
import dev.lookahead.preprocessing.RobustNormaliser;
import dev.lookahead.scoring.AnomalyLikelihood;
import dev.lookahead.scoring.ErrorScale;
import dev.lookahead.scoring.Holding;
import dev.lookahead.scoring.IncidentTracker;
import dev.lookahead.scoring.PhaseProfile;
import dev.lookahead.scoring.RangeNovelty;
import dev.lookahead.scoring.SustainedEvidence;

/**
 * Everything the detector remembers about one key: the LSTM's h and c, the pending forecast, normalisation,
 * error statistics, likelihood, incident, timing, warm-up and the key's head correction. Create with
 * {@link Detector#newState()}; serialise with {@link KeyStateCodec}, one section per component
 * ({@link KeyStateSections}). In memory it holds exactly what the binary
 * form holds, so a save and restore changes no later output.
 */
public final class KeyState {

    long sequence;            // points processed
    int warmUpRemaining;
    long modelVersion = -1;   // version of the model that last advanced h and c
    boolean resetPending;     // a restore reset h and c: the next scored point says so (stateReset)
    boolean anchoring;        // a new run (detector.new-run-after-ms) is anchoring its level on its first points
    int anchoredPoints;       // and has anchored on this many
    boolean runOffCentre;     // and its first point lay far from the channel relations' centre: the centre moves with it
    boolean runSettling;      // the open incident opened while that run was settling: it ends as the run's new normal
    // the daily profile has not been trusted on every channel since it started: the level evidence relearns its
    // ranges when it is. Not set in a state written before it was kept, whose key relearned as it did then
    boolean awaitingTrustedProfile = true;
    final float[] h;          // [lanes * layers * H]
    final float[] c;
    final float[] forecast;   // normalised forecast of the next point, [C]
    final PhaseProfile profile;
    final dev.lookahead.scoring.WeekdayProfile weekdays;   // each day of the week's usual offset from the daily profile
    final dev.lookahead.scoring.WeekendProfile weekend;   // the weekend's own shape, for a key whose weekends have one
    final dev.lookahead.scoring.HourlyPeaks peaks;   // each hour's two largest forecast errors of late
    final dev.lookahead.scoring.ChannelRelations relations;   // how the channels move together
    final dev.lookahead.scoring.LevelSwitches switches;   // per channel: the level it left at its last jump, and how often it came back
    final float[] shiftSum;   // per channel: the level deviations summed since the open incident opened
    final RobustNormaliser normaliser;
    final IntervalTracker intervals = new IntervalTracker();
    final ErrorScale errors;
    final ErrorScale spreadReference;   // the error scale learned from normal points only: what the spread evidence judges against
    final float[] lastSpreadError;   // with two or more channels, each one's last error (NaN: none): the spread evidence differences them
    final AnomalyLikelihood likelihood = new AnomalyLikelihood();
    final dev.lookahead.scoring.RecurringRecord recurring = dev.lookahead.scoring.RecurringRecord.forErrors();   // how often errors this large came lately
    final dev.lookahead.scoring.RecurringRecord recurringEvidence = dev.lookahead.scoring.RecurringRecord.forEvidence();   // and evidence this rare
    final IncidentTracker incidents = new IncidentTracker();
    final RangeNovelty range;
    final SustainedEvidence levelEvidence;   // deviations of the normalised value from the key's level
    final SustainedEvidence errorEvidence;   // standardised forecast errors
    final SustainedEvidence spreadEvidence;  // log squared standardised forecast errors
    final dev.lookahead.scoring.GammaTail evidenceTail;   // of the largest squared average
    final HeadCorrection correction;
    final ReorderBuffer reorder;   // null unless the order policy is REORDER

    KeyState(int channels, int stateFloats, HeadCorrection correction, boolean reorder) {
        h = new float[stateFloats];
        c = new float[stateFloats];
        forecast = new float[channels];
        evidenceTail = new dev.lookahead.scoring.GammaTail(channels == 1 ? Detector.EVIDENCE_MAX_SHAPE : Double.POSITIVE_INFINITY);
        profile = new PhaseProfile(channels);
        weekdays = new dev.lookahead.scoring.WeekdayProfile(channels);
        weekend = new dev.lookahead.scoring.WeekendProfile(channels);
        peaks = new dev.lookahead.scoring.HourlyPeaks(channels);
        shiftSum = new float[channels];
        switches = new dev.lookahead.scoring.LevelSwitches(channels);
        relations = new dev.lookahead.scoring.ChannelRelations(channels);
        normaliser = new RobustNormaliser(channels);
        errors = new ErrorScale(channels, true);
        spreadReference = new ErrorScale(channels);
        lastSpreadError = new float[channels];
        java.util.Arrays.fill(lastSpreadError, Float.NaN);
        range = new RangeNovelty(channels);
        levelEvidence = new SustainedEvidence(channels, Holding.CHAINED, true);
        errorEvidence = new SustainedEvidence(channels, Holding.FAST);
        spreadEvidence = new SustainedEvidence(channels, Holding.SLOWEST_WITH_NEXT);
        this.correction = correction;
        this.reorder = reorder ? new ReorderBuffer() : null;
    }

    /** Points this key has had processed. */
    public long sequence() {
        return sequence;
    }

    /** Last processed event time, or {@link Long#MIN_VALUE} before the first point. */
    public long lastTime() {
        return intervals.lastTime();
    }

    /** Version of the model that last advanced this key. */
    public long modelVersion() {
        return modelVersion;
    }

    /** Points held by the reorder buffer. */
    public int buffered() {
        return reorder == null ? 0 : reorder.size();
    }
}
