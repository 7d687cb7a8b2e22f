package dev.lookahead.scoring;

/**
 * Which of a {@link SustainedEvidence}'s averages hold an open incident ({@link SustainedEvidence#recent()}): say
 * that the key is still away. A slower average lags a return (the 16-point one for tens of points, the 64-point one
 * for a hundred), but a variance change or a small shift shows most in it.
 */
public enum Holding {
    /**
     * The 4- and 16-point averages hold, the 64-point one does not: for a deviation that says only how surprising
     * the key is (the forecast errors), which fades as the forecaster follows a key that stays away.
     */
    FAST,
    /**
     * The 4- and 16-point averages hold, and the 64-point one while the 16-point one is out with it (on its side, at
     * least half as far): for the spread of the errors, whose per-point deviation is too noisy for its 4-point average
     * to say whether the slower ones may hold.
     */
    SLOWEST_WITH_NEXT,
    /**
     * The 4-point average holds, and each slower one while every faster one is out with it: for the key's level.
     * After a large shift ends, the 4-point average is back within a few points while the 16-point one held the
     * incident 30 to 60 points past the fault.
     */
    CHAINED
}
