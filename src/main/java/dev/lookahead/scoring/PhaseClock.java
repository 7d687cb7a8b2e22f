package dev.lookahead.scoring;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * Where a key's phase is read: its event time moved to a time zone's local time, as epoch milliseconds of that
 * local clock. The daily profile, the days of the week and the hourly peaks take their hour of the day and their
 * date from it, so a schedule kept in local time (an office from 08:00, a shop shut on Sundays) stays at its hours
 * across a daylight-saving change, where in UTC it moves by an hour twice a year. Gaps and intervals stay in event
 * time.
 *
 * <p>A fixed offset (UTC, {@code +05:30}) is one addition. A region's offset is looked up once per stretch between
 * two of its transitions: the last stretch is kept (one immutable object, so threads that share the clock never
 * see half of one) and a time outside it looks up its own.
 */
public final class PhaseClock {

    public static final PhaseClock UTC = new PhaseClock(ZoneOffset.UTC);
    /** A day in milliseconds: local days are this long (the zone's offset moves them, not their length). */
    public static final long DAY = 86_400_000L;

    private final ZoneRules rules;
    private final boolean fixed;
    private final long fixedOffset;
    private volatile Stretch last = new Stretch(0, 0, 0);   // empty: the first lookup fills it

    /** A run of event time [from, until) with one offset to local time. */
    private record Stretch(long from, long until, long offset) {
    }

    public PhaseClock(ZoneId zone) {
        rules = zone.getRules();
        fixed = rules.isFixedOffset();
        fixedOffset = fixed ? rules.getOffset(Instant.EPOCH).getTotalSeconds() * 1000L : 0;
    }

    /** Event time {@code time} (epoch ms) as the zone's local clock reads it, in epoch ms of that clock. */
    public long local(long time) {
        if (fixed) return time + fixedOffset;
        Stretch s = last;
        if (time < s.from || time >= s.until) last = s = stretch(time);
        return time + s.offset;
    }

    /** The date of local time {@code localTime}, as days since 1970-01-01 (a Thursday). */
    public static long date(long localTime) {
        return Math.floorDiv(localTime, DAY);
    }

    /** Milliseconds since local midnight of local time {@code localTime}. */
    public static long timeOfDay(long localTime) {
        return Math.floorMod(localTime, DAY);
    }

    /** The day of the week of local time {@code localTime}, 0 (Monday) to 6 (Sunday), as {@link java.time.DayOfWeek} less 1. */
    public static int weekday(long localTime) {
        return (int) Math.floorMod(date(localTime) + 3, 7L);
    }

    private Stretch stretch(long time) {
        Instant at = Instant.ofEpochMilli(time);
        long offset = rules.getOffset(at).getTotalSeconds() * 1000L;
        ZoneOffsetTransition before = rules.previousTransition(at), after = rules.nextTransition(at);
        long from = before == null ? Long.MIN_VALUE : before.getInstant().toEpochMilli();
        long until = after == null ? Long.MAX_VALUE : after.getInstant().toEpochMilli();
        // a transition exactly at `time` may come back as the one before it: the stretch then starts at `time`
        if (from != Long.MIN_VALUE && rules.getOffset(Instant.ofEpochMilli(from)).getTotalSeconds() * 1000L != offset) from = time;
        if (until <= time) until = time + 1;
        return new Stretch(from, until, offset);
    }
}
