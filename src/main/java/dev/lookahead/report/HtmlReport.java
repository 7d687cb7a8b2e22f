package dev.lookahead.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One self-contained {@code index.html}: a summary table and, per key, its chart as inline SVG with inline CSS
 * and a few lines of inline script (no network, no external files; the PNGs are linked, not needed). The script
 * marks each chart {@code data-rendered} with its drawn width once the browser has laid it out, which is what the
 * headless-browser test checks.
 */
public final class HtmlReport {

    private HtmlReport() {
    }

    public static Path write(List<ScoredSeries> all, double threshold, Path dir) throws IOException {
        return write(all, threshold, dir, Map.of());
    }

    /**
     * With labels: per key, its labelled windows shaded on its chart (green where the detector flagged a point
     * inside, red where it missed the window) and counted in the summary table.
     */
    public static Path write(List<ScoredSeries> all, double threshold, Path dir, Map<String, List<LabelledSpan>> labels) throws IOException {
        Files.createDirectories(dir);
        boolean labelled = !labels.isEmpty();
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Lookahead report</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:20px;color:#222} table{border-collapse:collapse} td,th{padding:3px 10px;border-bottom:1px solid #ddd;text-align:left}\n")
                .append(".band{fill:#9ecae1;opacity:.45;stroke:none} .forecast{fill:none;stroke:#3182bd;stroke-width:1} .actual{fill:none;stroke:#222;stroke-width:1}\n")
                .append(".anomaly{fill:#e6550d;stroke:#a63603} .anomaly-other{fill:none;stroke:#e6550d;stroke-opacity:.5;stroke-width:.8} .usual{fill:none;stroke:#636363;stroke-width:1.5;stroke-dasharray:5 3} .score{fill:none;stroke:#756bb1;stroke-width:1} .threshold{stroke:#e6550d;stroke-dasharray:4 3}\n")
                .append(".label{font-size:12px;font-weight:bold} .tick{font-size:10px;fill:#666}\n")
                .append(".labelled{stroke:none;opacity:.6} .labelled.found{fill:#c7e9c0} .labelled.missed{fill:#fcbba1}\n</style></head><body>\n")
                .append("<h1>Lookahead report</h1>\n<p>Actual (black) against the one-step forecast (blue) with its band (forecast ± 2 × the key's typical error), ")
                .append("the anomaly score under it with the threshold (dashed), anomalous points in orange (with several channels: a dot on the channel "
                        + "that deviated most, a ring on the others), and through them, dashed grey, where that channel should have been.")
                .append(labelled ? " Labelled windows are shaded: green where the detector flagged a point inside, red where it missed the window." : "")
                .append("</p>\n<table><tr><th>key</th><th>points</th>")
                .append("<th>anomalous points</th><th>incidents</th>").append(labelled ? "<th>labelled windows</th><th>missed</th>" : "")
                .append("<th>model versions</th><th>PNG</th></tr>\n");
        for (ScoredSeries s : all) {
            int anomalous = 0;
            for (boolean a : s.anomaly()) if (a) anomalous++;
            List<LabelledSpan> spans = labels.getOrDefault(s.key(), List.of());
            b.append(String.format(Locale.ROOT, "<tr><td><a href=\"#%s\">%s</a></td><td>%d</td><td>%d</td><td>%d</td>%s<td>%s</td><td><a href=\"%s.png\">%s.png</a></td></tr>%n",
                    SvgChart.esc(s.key()), SvgChart.esc(s.key()), s.size(), anomalous, s.incidents().size(),
                    labelled ? "<td>" + spans.size() + "</td><td>" + LabelledSpan.missed(s, spans) + "</td>" : "",
                    SvgChart.esc(String.join(", ", s.modelVersions())), SvgChart.esc(s.key()), SvgChart.esc(s.key())));
        }
        b.append("</table>\n");
        for (ScoredSeries s : all) {
            b.append("<h2 id=\"").append(SvgChart.esc(s.key())).append("\">").append(SvgChart.esc(s.key())).append("</h2>\n");
            b.append(SvgChart.render(s, threshold, labels.getOrDefault(s.key(), List.of())));
        }
        b.append("<script>\nwindow.addEventListener('load',function(){var n=0;document.querySelectorAll('svg.chart').forEach(function(svg){")
                .append("var p=svg.querySelector('path.actual');if(p){var w=p.getBBox().width;if(w>0){svg.setAttribute('data-rendered',Math.round(w));n++;}}});")
                .append("document.body.setAttribute('data-charts-rendered',n);});\n</script>\n</body></html>\n");
        Path index = dir.resolve("index.html");
        Files.writeString(index, b.toString(), StandardCharsets.UTF_8);
        return index;
    }
}
