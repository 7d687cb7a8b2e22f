package dev.lookahead.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Two runs on the same charts, one self-contained {@code index.html} (inline SVG, no network): per key the report's
 * panels with run A as the report draws it and run B over it in green (forecast, actual, score; anomalous points as
 * squares), and the changed incidents shaded (added green, removed red, moved amber).
 */
public final class ComparisonPage {

    /**
     * One key of the comparison.
     *
     * @param b     the key in run B (null when it is in A only)
     * @param notes lines shown above the chart (the key's changes)
     */
    public record Key(String key, ScoredSeries a, ScoredSeries b, List<ChartSpan> spans, List<String> notes) {
    }

    /** Close-ups drawn per key, at most: the rest are in the key's notes and its full chart. */
    static final int MAX_CLOSE_UPS = 6;

    private ComparisonPage() {
    }

    /** The points of {@code s} with a time in {@code [from, to]}. */
    static ScoredSeries slice(ScoredSeries s, long from, long to) {
        int i = 0, j;
        while (i < s.size() && s.times()[i] < from) i++;
        j = i;
        while (j < s.size() && s.times()[j] <= to) j++;
        return new ScoredSeries(s.key(), s.channels(), java.util.Arrays.copyOfRange(s.times(), i, j),
                java.util.Arrays.copyOfRange(s.actual(), i, j), java.util.Arrays.copyOfRange(s.forecast(), i, j),
                java.util.Arrays.copyOfRange(s.forecastStd(), i, j), java.util.Arrays.copyOfRange(s.score(), i, j),
                java.util.Arrays.copyOfRange(s.anomaly(), i, j), java.util.Arrays.copyOfRange(s.topChannel(), i, j),
                java.util.Arrays.copyOfRange(s.usualLevel(), i, j), s.modelVersions());
    }

    private static long interval(long[] t) {
        if (t.length < 2) return 1;
        return Math.max(1, (t[t.length - 1] - t[0]) / (t.length - 1));
    }

    /** @param summary lines shown at the top (the diff's summary) */
    public static Path write(String title, List<String> summary, List<Key> keys, double threshold, Path dir) throws IOException {
        Files.createDirectories(dir);
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(SvgChart.esc(title)).append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:20px;color:#222} pre{background:#f6f6f6;padding:6px;white-space:pre-wrap}\n")
                .append(".band{fill:#9ecae1;opacity:.45;stroke:none} .forecast{fill:none;stroke:#3182bd;stroke-width:1} .actual{fill:none;stroke:#222;stroke-width:1}\n")
                .append(".forecast-b{fill:none;stroke:#31a354;stroke-width:1;stroke-dasharray:5 3} .actual-b{fill:none;stroke:#31a354;stroke-width:1;stroke-dasharray:2 2;opacity:.7}\n")
                .append(".anomaly{fill:#e6550d;stroke:#a63603} .anomaly-other{fill:none;stroke:#e6550d;stroke-opacity:.5;stroke-width:.8} .usual{fill:none;stroke:#636363;stroke-width:1.5;stroke-dasharray:5 3} .anomaly-b{fill:none;stroke:#006d2c;stroke-width:1.5} .score{fill:none;stroke:#756bb1;stroke-width:1}\n")
                .append(".score-b{fill:none;stroke:#31a354;stroke-width:1;stroke-dasharray:5 3} .threshold{stroke:#e6550d;stroke-dasharray:4 3}\n")
                .append(".span{opacity:.18} .span.added{fill:#31a354} .span.removed{fill:#de2d26} .span.moved{fill:#fd8d3c}\n")
                .append(".label{font-size:12px;font-weight:bold} .tick{font-size:10px;fill:#666}\n</style></head><body>\n")
                .append("<h1>").append(SvgChart.esc(title)).append("</h1>\n<p>Run A as the report draws it (actual black, forecast blue with its band, score purple, ")
                .append("anomalous points orange circles); run B over it in green, dashed (anomalous points as squares). Changed incidents are shaded: ")
                .append("added in B green, removed from A red, moved amber; each is also drawn close up under its key's chart.</p>\n<pre>");
        for (String s : summary) b.append(SvgChart.esc(s)).append('\n');
        b.append("</pre>\n");
        for (Key k : keys) {
            b.append("<h2 id=\"").append(SvgChart.esc(k.key())).append("\">").append(SvgChart.esc(k.key())).append("</h2>\n");
            if (!k.notes().isEmpty()) {
                b.append("<pre>");
                for (String n : k.notes()) b.append(SvgChart.esc(n)).append('\n');
                b.append("</pre>\n");
            }
            ScoredSeries first = k.a() != null ? k.a() : k.b(), second = k.a() == null ? null : k.b();
            if (first == null || first.size() == 0) continue;
            b.append(SvgChart.render(first, second, threshold, k.spans(), List.of()));
            long pad = 30 * interval(first.times());
            for (ChartSpan sp : k.spans().subList(0, Math.min(k.spans().size(), MAX_CLOSE_UPS))) {
                long from = sp.from() - Math.max(pad, sp.to() - sp.from()), to = sp.to() + Math.max(pad, sp.to() - sp.from());
                ScoredSeries a = slice(first, from, to), bb = second == null ? null : slice(second, from, to);
                if (a.size() == 0) continue;
                b.append("<p class=\"close-up\">").append(SvgChart.esc(sp.label())).append("</p>\n");
                b.append(SvgChart.render(a, bb, threshold, List.of(sp), List.of()));
            }
        }
        b.append("</body></html>\n");
        Path index = dir.resolve("index.html");
        Files.writeString(index, b.toString(), StandardCharsets.UTF_8);
        return index;
    }
}
