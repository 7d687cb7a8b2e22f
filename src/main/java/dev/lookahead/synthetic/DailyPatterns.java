package dev.lookahead.synthetic;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Five-minute series over days with a daily shape, like NAB's artificial {@code art_daily_*} series, for the
 * anomalies a one-point test cannot see: the shape changes while it stays in its usual range. Series
 * {@code i} is variant {@code i mod 10} ({@link Variant}): a square-ish or a smooth (sine) day with a
 * PHASE_SHIFT, a MISSED_RISE or a FLAT_MIDDLE, the same two days with no anomaly, and two series with no
 * seasonality at all (white noise; noise on a slow random walk), so false alarms can be counted too.
 *
 * <p>Per series, seeded: level 10..50, daily amplitude 15..30 (the day swings over twice that), noise sd 3..8% of
 * the amplitude, the daily rise at 06:00..10:00 UTC. The anomaly starts on a day in the second half, never in
 * the last two days, and its whole stretch is labelled:
 * <ul>
 *   <li>PHASE_SHIFT: the day from 4 h before its usual rise shows the shape 3..6 h late or early.</li>
 *   <li>MISSED_RISE: the day from its lowest point (6 h before its usual rise) never climbs above it.</li>
 *   <li>FLAT_MIDDLE: 24..36 h from a random time hold the middle of the previous stretch's range, without noise.</li>
 * </ul>
 * Built on {@link SyntheticStream}, so the same seed gives bit-identical series on any JDK.
 */
public final class DailyPatterns {

    public static final long INTERVAL = 300_000L;
    /** Points per day. */
    public static final int DAY = 288;
    /** Fourteen days, as NAB's artificial series. */
    public static final int DEFAULT_LENGTH = 14 * DAY;
    public static final int MIN_LENGTH = 6 * DAY;

    /** What series {@code i mod 10} holds. */
    public enum Variant {
        SQUARE_PHASE_SHIFT, SMOOTH_PHASE_SHIFT, SQUARE_MISSED_RISE, SMOOTH_MISSED_RISE, SQUARE_FLAT_MIDDLE,
        SMOOTH_FLAT_MIDDLE, SQUARE_NORMAL, SMOOTH_NORMAL, NOISE_ONLY, RANDOM_WALK;

        /** The anomaly kind, or null for a series without one. */
        public AnomalyKind kind() {
            if (name().endsWith("PHASE_SHIFT")) return AnomalyKind.PHASE_SHIFT;
            if (name().endsWith("MISSED_RISE")) return AnomalyKind.MISSED_RISE;
            if (name().endsWith("FLAT_MIDDLE")) return AnomalyKind.FLAT_MIDDLE;
            return null;
        }

        boolean seasonal() {
            return name().startsWith("SQUARE") || name().startsWith("SMOOTH");
        }

        /** {@code square-phase-shift}, as in the series' key. */
        public String slug() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private DailyPatterns() {
    }

    /** {@code count} series {@code daily-00-<variant>, ...} of {@code length} five-minute points. */
    public static List<LabelledSeries> generate(int count, int length, long seed) {
        return generate(count, length, seed, true);
    }

    /** With {@code anomalies} false, the same series without their anomalies. */
    static List<LabelledSeries> generate(int count, int length, long seed, boolean anomalies) {
        if (count < 1) throw new IllegalArgumentException("count must be >= 1, was " + count);
        if (length < MIN_LENGTH) throw new IllegalArgumentException("daily series need at least " + MIN_LENGTH + " points (6 days), was " + length);
        SplittableRandom root = new SplittableRandom(seed);
        Variant[] variants = Variant.values();
        List<LabelledSeries> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Variant v = variants[i % variants.length];
            String key = String.format(Locale.ROOT, count > 100 ? "daily-%03d-%s" : "daily-%02d-%s", i, v.slug());
            out.add(series(key, v, root.split(), length, anomalies));
        }
        return out;
    }

    private static LabelledSeries series(String key, Variant v, SplittableRandom r, int length, boolean anomalies) {
        long seed = r.nextLong();
        double level = r.nextDouble(10, 50), amplitude = r.nextDouble(15, 30);
        double noise = amplitude * r.nextDouble(0.03, 0.08);
        int rise = (int) Math.round(r.nextDouble(6, 10) * 12);   // row of the day the shape rises at
        int days = length / DAY;
        int day = days / 2 + r.nextInt(Math.max(1, days - 2 - days / 2));
        SyntheticStream b = SyntheticStream.builder(seed).key(key).length(length).interval(INTERVAL).level(level).noise(noise);
        if (v.seasonal()) {
            SyntheticStream.Waveform w = v.name().startsWith("SQUARE") ? SyntheticStream.Waveform.SQUARE : SyntheticStream.Waveform.SINE;
            b.seasonal(DAY, amplitude, w, -2 * Math.PI * rise / DAY);
        } else if (v == Variant.RANDOM_WALK) {
            b.randomWalk(noise * 0.05);
        }
        AnomalyKind kind = anomalies ? v.kind() : null;
        if (kind == AnomalyKind.PHASE_SHIFT) {
            double shift = (r.nextBoolean() ? 1 : -1) * Math.round(r.nextDouble(3, 6) * 12);
            b.anomaly(InjectedAnomaly.of(kind, day * DAY + rise - 48, DAY, shift));
        } else if (kind == AnomalyKind.MISSED_RISE) {
            b.anomaly(InjectedAnomaly.of(kind, day * DAY + rise - 72, DAY, 0));   // from the day's lowest point
        } else if (kind == AnomalyKind.FLAT_MIDDLE) {
            b.anomaly(InjectedAnomaly.of(kind, day * DAY + r.nextInt(DAY), r.nextInt(DAY, DAY + DAY / 2 + 1), 0));
        }
        return b.generate();
    }
}
