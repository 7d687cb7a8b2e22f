package dev.lookahead.scoring;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * How often the key has lately shown values at least as large as a few fixed sizes: a floor under a tail fitted to
 * its normal values. A value as large as ones the key has shown at least {@link #MIN_COUNT} times in about its last
 * window of points is no rarer than that record: its tail is at least that count over the window. Twenty is enough
 * to estimate a rate (to about a fifth); fewer would take a key's second or third spike of one size for its habit.
 * Two are kept per key:
 * <ul>
 *   <li>{@link #forErrors()}, of raw scores (standardised forecast errors), one count a point, over
 *       {@link #ERRORS_WINDOW} points or the longer window its caller gives. The point test's Gamma fit learns its
 *       values clipped at 25 times its mean, so that one spike does not widen it for thousands of points. A key whose
 *       errors that large come again and again
 *       (a tank that drains every three hours, a counter that resets) then had each of them scored as a
 *       one-in-a-billion point, and an incident each time. The caller counts only points while no incident is open,
 *       as the rest of the key's normal is learned: a fault's spikes do not teach the key to expect them.</li>
 *   <li>{@link #forEvidence()}, of the evidence's surprise ({@code -log10} of its tail under the evidence's fit), one
 *       count an excursion, over {@link #EVIDENCE_WINDOW} points or the longer window its caller gives. An excursion
 *       is a run of values of at least the smallest size; it counts once, in each size its largest value reached, when
 *       it ends within {@link #SHORT_EXCURSION} points (the slowest average's span). That fit never learns a value
 *       rarer than a three-sigma event, so that a drift cannot widen it as it goes; a key whose averages stand that far
 *       out for a few points at every cycle of a sharp feature out of step with the clock (a bump the forecaster cannot
 *       see coming) opened an incident at every cycle, for good. A drift or a fault that builds slowly is one long
 *       excursion, and never counts.</li>
 * </ul>
 *
 * <p>Each count is held as a 16-bit fixed-point number in 64ths (at most {@link #MAX_COUNT}; a larger count is held
 * there) and decays every {@link #AGE_EVERY} of the key's points, by what that many points decay it over the window:
 * two bytes a size, and what is stored is what is used, so a save and restore changes no later output.
 */
public final class RecurringRecord {

    /** Raw-score sizes counted, in error spreads. */
    static final double[] ERROR_SIZES = {4, 8, 16, 32, 64};
    /** Evidence sizes counted, as {@code -log10} of the tail: one in 10^4 to one in 10^8. */
    static final double[] EVIDENCE_SIZES = {4, 5, 6, 8};
    /** Points over which an error count decays by e. */
    public static final int ERRORS_WINDOW = 3000;
    /** Points over which an evidence count decays by e: an excursion a cycle counts twenty in cycles of up to 500 points. */
    public static final int EVIDENCE_WINDOW = 10_000;
    /** The longest excursion of the evidence that counts. */
    public static final int SHORT_EXCURSION = 64;
    /** Values of a size the key must have shown in about its window before they floor the tail. */
    public static final int MIN_COUNT = 20;
    /** The key's points between two steps of decay. */
    public static final int AGE_EVERY = 100;
    private static final int UNIT = 64;
    /** The largest count held. */
    public static final double MAX_COUNT = 65_535.0 / UNIT;

    private final double[] sizes;
    private final int window;
    private final double decay;
    private final boolean byExcursion;
    private final char[] counts;   // 64ths of a count, unsigned
    private int length, peak;      // by excursion: the current one's points so far (at most 255) and its largest size + 1

    private RecurringRecord(double[] sizes, int window, boolean byExcursion) {
        this.sizes = sizes;
        this.window = window;
        this.decay = Math.pow(1.0 - 1.0 / window, AGE_EVERY);
        this.byExcursion = byExcursion;
        this.counts = new char[sizes.length];
    }

    /** A record of raw scores of at least 4, 8, 16, 32 and 64 error spreads, one count a point. */
    public static RecurringRecord forErrors() {
        return new RecurringRecord(ERROR_SIZES, ERRORS_WINDOW, false);
    }

    /** A record of the evidence's short excursions to tails of one in 10^4, 10^5, 10^6 and 10^8 or rarer. */
    public static RecurringRecord forEvidence() {
        return new RecurringRecord(EVIDENCE_SIZES, EVIDENCE_WINDOW, true);
    }

    /**
     * {@code log10} of the least tail a value of {@code size} can have on the key's record: the count of values at
     * least the largest size it reaches, over the window; negative infinity (no floor) below the smallest size or
     * while that count is under {@link #MIN_COUNT}.
     */
    public double log10Floor(double size) {
        return log10Floor(size, window);
    }

    /** As {@link #log10Floor(double)}, for a record aged over {@code over} points ({@link #age(long, int)}). */
    public double log10Floor(double size, int over) {
        int k = level(size);
        double c = k >= 0 ? count(k) : 0;
        return c >= MIN_COUNT ? Math.log10(c / Math.max(window, over)) : Double.NEGATIVE_INFINITY;
    }

    /** One point's value, counted in each size it reaches if {@code count} (a record of one count a point). */
    public void record(double size, boolean count) {
        if (byExcursion) throw new IllegalStateException("a record by excursion observes every value");
        if (count) add(level(size));
    }

    /** One point's value, in the excursion under way or ending it (a record of one count an excursion). */
    public void observe(double size) {
        if (!byExcursion) throw new IllegalStateException("a record of one count a point records values");
        int k = level(size);
        if (k >= 0) {
            length = Math.min(255, length + 1);
            peak = Math.max(peak, k + 1);
            return;
        }
        if (length > 0 && length <= SHORT_EXCURSION) add(peak - 1);
        length = 0;
        peak = 0;
    }

    private void add(int k) {
        for (int i = 0; i <= k; i++) counts[i] = (char) Math.min(65_535, counts[i] + UNIT);
    }

    /** Decays every count once every {@link #AGE_EVERY} of the key's points: call once per point, with its number. */
    public void age(long point) {
        age(point, window);
    }

    /**
     * As {@link #age(long)}, decaying by e over {@code over} points where that is longer than the record's own window:
     * the caller gives the same window every point it ages and reads the record.
     */
    public void age(long point, int over) {
        if (point % AGE_EVERY != 0) return;
        double by = over > window ? Math.pow(1.0 - 1.0 / over, AGE_EVERY) : decay;
        for (int i = 0; i < counts.length; i++) counts[i] = (char) Math.round(counts[i] * by);
    }

    /** The count of values at least the {@code k}-th size, decayed. */
    double count(int k) {
        return counts[k] / (double) UNIT;
    }

    /** Index of the largest size {@code value} reaches, or -1 (under the smallest, or NaN). */
    private int level(double value) {
        int k = -1;
        for (int i = 0; i < sizes.length && value >= sizes[i]; i++) k = i;
        return k;
    }

    public void write(DataOutput out) throws IOException {
        for (char c : counts) out.writeChar(c);
        if (byExcursion) {
            out.writeByte(length);
            out.writeByte(peak);
        }
    }

    public void read(DataInput in) throws IOException {
        for (int i = 0; i < counts.length; i++) counts[i] = in.readChar();
        if (byExcursion) {
            length = in.readUnsignedByte();
            peak = in.readUnsignedByte();
        }
    }

    /** Reads the counts as floats (a state written before they were fixed-point). */
    public void readFloats(DataInput in) throws IOException {
        for (int i = 0; i < counts.length; i++)
            counts[i] = (char) Math.max(0, Math.min(65_535, Math.round(in.readFloat() * (double) UNIT)));
    }
}
