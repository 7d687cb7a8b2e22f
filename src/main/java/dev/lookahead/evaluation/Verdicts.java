package dev.lookahead.evaluation;

import dev.lookahead.detector.Outcome;
import dev.lookahead.detector.PointResult;

/**
 * What the detector said about each row of a series, reduced to what the metrics need. Rows are input rows; a
 * dropped row is neither flagged nor an opening.
 *
 * @param flagged the {@code anomaly} flag per row
 * @param opened  per row: the row opens an incident (its first anomalous point)
 * @param alerted per row: the detector emitted an alert there (under the configured alert emission)
 * @param channel per row: on a flagged row, the channel the detector named as the one that deviated most; null
 *                elsewhere, and on every row of a detector that names none
 */
public record Verdicts(boolean[] flagged, boolean[] opened, boolean[] alerted, String[] channel) {

    public Verdicts {
        if (opened.length != flagged.length || alerted.length != flagged.length || channel.length != flagged.length)
            throw new IllegalArgumentException("flagged, opened, alerted and channel differ in length");
    }

    /** A detector that names no channel. */
    public Verdicts(boolean[] flagged, boolean[] opened, boolean[] alerted) {
        this(flagged, opened, alerted, new String[flagged.length]);
    }

    public int rows() {
        return flagged.length;
    }

    /** From the direct runner's outcomes, one per input row. */
    public static Verdicts of(Outcome[] outcomes) {
        int n = outcomes.length;
        boolean[] flagged = new boolean[n], opened = new boolean[n], alerted = new boolean[n];
        String[] channel = new String[n];
        for (int i = 0; i < n; i++) {
            if (outcomes[i] instanceof PointResult p) {
                flagged[i] = p.anomaly();
                opened[i] = p.anomaly() && p.incidentPoints() == 1;
                alerted[i] = p.emitAlert();
                channel[i] = p.deviatedChannel();
            }
        }
        return new Verdicts(flagged, opened, alerted, channel);
    }

    /**
     * From flags alone: every run of flagged rows opens at its first row, which also alerts. For hand-made cases
     * and for detectors that report only a flag.
     */
    public static Verdicts ofFlags(boolean... flagged) {
        boolean[] opened = new boolean[flagged.length];
        for (int i = 0; i < flagged.length; i++) opened[i] = flagged[i] && (i == 0 || !flagged[i - 1]);
        return new Verdicts(flagged.clone(), opened, opened.clone());
    }
}
