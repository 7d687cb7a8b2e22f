package dev.lookahead.e2e;

import java.util.List;
import java.util.Locale;

/**
 * What one soak saw.
 *
 * @param maxRate       points/s the job sustained in the calibration phase (min of its own and the committed rate)
 * @param rate          the soak's paced input rate
 * @param pointsIn      every point produced, calibration and soak
 * @param committed     scored points a read_committed consumer saw
 * @param sequence      the per-key check of those points
 * @param failuresArmed task failures the harness asked for; {@code failuresThrown} those that happened
 * @param restarts      the job's numRestarts at the end
 * @param catchUpSeconds from the end of the input to the last point committed
 * @param heapSamples   heap after each full GC during the soak phase
 */
public record SoakResult(int keys, int parallelism, double seconds, double maxRate, double rate, long pointsIn, long committed,
                         SequenceCheck.Outcome sequence, long deadLetters, long anomalies, int failuresArmed, int failuresThrown,
                         long restarts, double catchUpSeconds, List<HeapTrend.Sample> heapSamples, HeapTrend heap) {

    public SoakResult {
        heapSamples = List.copyOf(heapSamples);
    }

    /** Every point committed exactly once in order, every armed failure happened, and the heap stayed flat. */
    public boolean passed() {
        return exactlyOnce() && failuresThrown == failuresArmed && failuresArmed > 0 && heap.flat();
    }

    public boolean exactlyOnce() {
        return committed == pointsIn && sequence.exact() && deadLetters == 0;
    }

    public String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("| measure | value |\n|---|---|\n");
        row(b, "keys, parallelism", String.format(Locale.ROOT, "%,d, %d", keys, parallelism));
        row(b, "soak length", String.format(Locale.ROOT, "%.0f s", seconds));
        row(b, "measured maximum (calibration)", String.format(Locale.ROOT, "%,.0f points/s", maxRate));
        row(b, "soak input rate", String.format(Locale.ROOT, "%,.0f points/s (%.0f%% of the maximum)", rate, 100 * rate / maxRate));
        row(b, "points in / committed", String.format(Locale.ROOT, "%,d / %,d", pointsIn, committed));
        row(b, "keys complete and in order", String.format(Locale.ROOT, "%,d of %,d", sequence.keysComplete(), sequence.keys()));
        row(b, "duplicated, skipped, missing", String.format(Locale.ROOT, "%,d, %,d, %,d", sequence.duplicates(), sequence.skips(), sequence.missing()));
        row(b, "task failures injected / thrown, job restarts", String.format(Locale.ROOT, "%d / %d, %d", failuresArmed, failuresThrown, restarts));
        row(b, "caught up after the input ended", String.format(Locale.ROOT, "%.1f s", catchUpSeconds));
        row(b, "anomalies, dead letters", String.format(Locale.ROOT, "%,d, %,d", anomalies, deadLetters));
        row(b, "heap after full GC: samples", String.format(Locale.ROOT, "%d", heap.samples()));
        row(b, "heap: first-third / last-third median", String.format(Locale.ROOT, "%,.1f / %,.1f MB (%+.1f%%; flat if at most %+.0f%%)",
                heap.firstThirdBytes() / 1048576.0, heap.lastThirdBytes() / 1048576.0, 100 * heap.growth(), 100 * heap.tolerance()));
        row(b, "heap: least-squares slope", String.format(Locale.ROOT, "%+,.2f MB/min", heap.slopeBytesPerMinute() / 1048576.0));
        row(b, "verdict", (exactlyOnce() ? "exactly once" : "**LOST OR DUPLICATED**") + ", " + (heap.flat() ? "heap flat" : "**HEAP GREW**"));
        b.append("\nHeap after each full GC (s: MB): ");
        for (int i = 0; i < heapSamples.size(); i++) {
            HeapTrend.Sample s = heapSamples.get(i);
            if (i > 0) b.append(", ");
            b.append(String.format(Locale.ROOT, "%.0f: %.0f", s.seconds(), s.usedBytes() / 1048576.0));
        }
        return b.append('\n').toString();
    }

    private static void row(StringBuilder b, String name, String value) {
        b.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }
}
