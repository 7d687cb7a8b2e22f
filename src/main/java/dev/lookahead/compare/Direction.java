package dev.lookahead.compare;

/** Which way an incident deviated: the actual above or below the forecast on its top channel at its first point. */
public enum Direction {
    ABOVE, BELOW,
    /** The source holds no forecast to tell (a NAB results file). */
    UNKNOWN;

    static Direction of(int sign) {
        return sign > 0 ? ABOVE : sign < 0 ? BELOW : UNKNOWN;
    }

    String lower() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
