package dev.lookahead.synthetic;

/**
 * What an {@link InjectedAnomaly} does to the series; the meaning of its {@code magnitude} is per kind.
 */
public enum AnomalyKind {
    /** One point raised by {@code magnitude}. */
    SPIKE,
    /** One point lowered by {@code magnitude}. */
    DIP,
    /** A permanent step of {@code magnitude} (signed) from the start on; labelled for {@code length} points. */
    LEVEL_SHIFT,
    /** The channel's own noise multiplied by {@code magnitude} for {@code length} points (needs noise sd > 0). */
    VARIANCE_CHANGE,
    /** The value frozen at its value at the start for {@code length} points; magnitude unused. */
    FLATLINE,
    /** A ramp from 0 to {@code magnitude} (signed) over {@code length} points, then held; labelled over the ramp. */
    DRIFT,
    /** {@code length} rows removed so timestamps skip; never labelled, but the detector must cope. */
    GAP;

    /** Whether rows in this anomaly's window are labelled anomalous. */
    public boolean labelled() {
        return this != GAP;
    }
}
