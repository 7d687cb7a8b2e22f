package dev.lookahead.runner;

import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.detector.Outcome;
import dev.lookahead.detector.PointResult;
import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.synthetic.LabelledSeries;
import dev.lookahead.synthetic.SyntheticStream;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The forecast band a user plots ({@code forecast_std}) is as wide as the forecast's errors from a key's first day,
 * not only once the key is old. A new key's normaliser finds its scale over its first few hundred points while the
 * error scale is learned in the normaliser's units; unless the error scale follows the unit, the band of a key
 * with a daily cycle starts several times too wide and takes thousands of points to narrow, and every score in
 * that time is judged against it.
 */
class ForecastBandTest {

    @Test
    void theBandOfANewKeyWithADailyCycleMatchesItsErrorsFromItsFirstDay() {
        LabelledSeries s = SyntheticStream.builder(7).key("new-key").length(2000).interval(300_000)
                .level(60).seasonal(288, 5).noise(0.4).generate();
        Outcome[] out = new DirectRunner(ModelSnapshots.bundled(), DetectorConfig.defaults())
                .run(s.key(), s.channels(), s.times(), s.values());
        // from the end of the first day's first quarter, in spans of about a day
        for (int from = 300; from < 2000; from += 300) {
            int to = Math.min(from + 300, 2000);
            double err = 0, band = 0;
            int n = 0, inside = 0;
            for (int i = from; i < to; i++) {
                if (!(out[i] instanceof PointResult p)) continue;
                double e = p.actual()[0] - p.forecast()[0], sd = p.forecastStd()[0];
                err += e * e;
                band += sd * sd;
                if (Math.abs(e) <= 2 * sd) inside++;
                n++;
            }
            double ratio = Math.sqrt(err / band), coverage = inside / (double) n;
            System.out.printf(Locale.ROOT, "rows %d-%d: rms error / rms band %.2f, within 2 bands %.3f%n", from, to - 1, ratio, coverage);
            assertTrue(ratio > 0.75 && ratio < 1.33, "rows " + from + "+: the band is as wide as the errors; rms error / rms band " + ratio);
            assertTrue(coverage > 0.9 && coverage < 0.99, "rows " + from + "+: about 95% of points within 2 bands; " + coverage);
        }
    }
}
