package dev.lookahead.finetune;

/**
 * When a fine-tuning round is due: after {@code round-every-points} scored points or {@code round-every-ms}
 * of event time (the largest point time seen, so replays and lagging keys behave the same), whichever comes
 * first, counted from the last {@link #restart()}. Event time, not wall time, keeps rounds deterministic for a
 * given input order.
 */
public final class RoundSchedule {

    private final long everyPoints;
    private final long everyMillis;
    private long points;
    private long periodStart = Long.MIN_VALUE;
    private long latest = Long.MIN_VALUE;

    public RoundSchedule(FineTuneConfig config) {
        this.everyPoints = config.roundEveryPoints();
        this.everyMillis = config.roundEveryMillis();
    }

    /** Counts one scored point at event time {@code time}. */
    public void onPoint(long time) {
        onPoints(time, 1);
    }

    /** Counts {@code n} scored points up to event time {@code time} (a sampled window stands for the points it was sampled from). */
    public void onPoints(long time, long n) {
        points += n;
        if (time > latest) latest = time;
        if (periodStart == Long.MIN_VALUE) periodStart = time;
    }

    public boolean due() {
        if (everyPoints > 0 && points >= everyPoints) return true;
        return everyMillis > 0 && periodStart != Long.MIN_VALUE && latest - periodStart >= everyMillis;
    }

    /** Starts a new period at the latest event time seen. */
    public void restart() {
        points = 0;
        periodStart = latest;
    }
}
