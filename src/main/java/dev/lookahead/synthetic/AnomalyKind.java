package dev.lookahead.synthetic;

/**
 * What an {@link InjectedAnomaly} does to the series; the meaning of its {@code magnitude} is per kind.
 *
 * <p>A generated channel is {@code level + shared + noise}: the <em>shared</em> part is what the channel follows
 * (the base signal times its gain in {@link SyntheticStream}, its gains on the latent processes in
 * {@link RigRecipe}), the <em>noise</em> is its own. The kinds below say what they do in those terms, so every
 * generator means the same by each name. Magnitudes of LEVEL_SHIFT and DRIFT are in the channel's units in
 * {@link SyntheticStream} and in units of the channel's noise sd in {@link RigRecipe}.
 */
public enum AnomalyKind {
    /** One point raised by {@code magnitude}. */
    SPIKE,
    /** One point lowered by {@code magnitude}. */
    DIP,
    /**
     * A step of {@code magnitude} (signed) from the start on, labelled for {@code length} points. Permanent, unless
     * the anomaly is {@link InjectedAnomaly#temporary() temporary}: then the channel is back after {@code length}
     * points.
     */
    LEVEL_SHIFT,
    /** The channel's own noise multiplied by {@code magnitude} for {@code length} points (needs noise sd > 0). */
    VARIANCE_CHANGE,
    /** A stuck sensor: the value frozen at its value at the start for {@code length} points; magnitude unused. */
    FLATLINE,
    /**
     * A ramp from 0 to {@code magnitude} (signed) over {@code length} points, labelled over the ramp. Then held,
     * unless the anomaly is {@link InjectedAnomaly#temporary() temporary}: then back at once.
     */
    DRIFT,
    /** {@code length} rows removed so timestamps skip; never labelled, but the detector must cope. */
    GAP,
    /**
     * The channel stops following what it shares with the others: its shared part holds its value at the start for
     * {@code length} points while its own noise goes on. Each channel stays in its own range; only the relation to
     * the other channels breaks. Magnitude unused; needs correlated channels.
     */
    CROSS_CHANNEL_BREAK,
    /**
     * The shared (seasonal) part comes at the wrong time: for {@code length} points the channel shows the shared
     * part of {@code magnitude} points earlier (positive: late) or later (negative: early), its own noise unchanged.
     * A daily jump at the wrong time of day; the shape stays in its range.
     */
    PHASE_SHIFT,
    /**
     * The rise does not happen: for {@code length} points the shared part never exceeds its value at the start (the
     * day stays low; dips below it still show), noise unchanged. Continuous at the start; the shape stays in its
     * range.
     * Magnitude unused.
     */
    MISSED_RISE,
    /**
     * A flat middle: for {@code length} points the value holds the midpoint of the channel's range over the
     * {@code length} points before the window, without noise (NAB's {@code art_daily_flatmiddle}). Magnitude unused;
     * needs {@code start >= length}.
     */
    FLAT_MIDDLE;

    /** Whether rows in this anomaly's window are labelled anomalous. */
    public boolean labelled() {
        return this != GAP;
    }
}
