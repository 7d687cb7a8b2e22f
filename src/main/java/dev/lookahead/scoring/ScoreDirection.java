package dev.lookahead.scoring;

/** Which deviations count: actual above the forecast, below it, or both. */
public enum ScoreDirection {
    UP, DOWN, BOTH;

    /** The part of a residual that counts in this direction. */
    public double filter(double residual) {
        return switch (this) {
            case UP -> Math.max(residual, 0);
            case DOWN -> Math.min(residual, 0);
            case BOTH -> residual;
        };
    }
}
