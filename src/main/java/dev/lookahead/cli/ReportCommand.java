package dev.lookahead.cli;

import dev.lookahead.evaluation.LabelWindow;
import dev.lookahead.evaluation.LabelledDataset;
import dev.lookahead.io.CsvReader;
import dev.lookahead.io.CsvRows;
import dev.lookahead.io.CsvSeries;
import dev.lookahead.report.HtmlReport;
import dev.lookahead.report.LabelledSpan;
import dev.lookahead.report.PngCharts;
import dev.lookahead.report.ScoredSeries;
import dev.lookahead.report.ScoredSeriesReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/** {@code report}: scored CSVs to a self-contained HTML page and a PNG per key. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Chart scored series: per key, actual vs forecast with the uncertainty band, the anomaly score",
                "under it with the threshold, anomalous points marked. Writes DIR/index.html (self-contained, inline SVG)",
                "and DIR/<key>.png. With --labels, each key's labelled windows are shaded: green where a point inside",
                "was flagged, red where the window was missed (labels as 'evaluate labelled' reads them)."},
        footerHeading = "%nExamples:%n",
        footer = {"  lookahead demo && lookahead report runs/demo/scored --out runs/demo/report",
                "  lookahead score nyc_taxi.csv --out taxi.csv && lookahead report taxi.csv --out taxi-report",
                "  lookahead evaluate labelled rig --scored rig-scored && lookahead report rig-scored --labels rig --out rig-report"})
final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "INPUT", description = "A scored CSV (as 'score' writes) or a directory of them.")
    Path input;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "Directory for index.html and the PNGs.")
    Path out;

    @Option(names = "--threshold", paramLabel = "SCORE", description = "The detector.threshold line to draw (default ${DEFAULT-VALUE}, the shipped one).")
    double threshold = dev.lookahead.detector.DetectorConfig.defaults().threshold();

    @Option(names = "--labels", paramLabel = "DIR", description = "Labelled data to shade: DIR/data + DIR/labels, or CSVs with a label column (see 'evaluate labelled --help').")
    Path labels;

    @Option(names = "--label-column", paramLabel = "NAME", description = "With --labels: the label column (default: the first of label, anomaly, is_anomaly).")
    String labelColumn;

    @Option(names = "--delimiter", paramLabel = "CHAR", description = "With --labels: field delimiter of the labelled data (default: each file's own, read from its first line).")
    char delimiter = CsvRows.SNIFF;

    @Override
    public Integer call() throws Exception {
        List<ScoredSeries> all = ScoredSeriesReader.read(input);
        Map<String, List<LabelledSpan>> spans = labels == null ? Map.of() : spans(all);
        Path index = HtmlReport.write(all, threshold, out, spans);
        for (ScoredSeries s : all) PngCharts.write(s, threshold, out, spans.getOrDefault(s.key(), List.of()));
        var err = spec.commandLine().getErr();
        err.println("report of " + all.size() + " key(s): " + index.toAbsolutePath() + " (and " + all.size() + " PNG file(s) beside it)");
        err.flush();
        return 0;
    }

    /** A key's last path segment: its file's name. */
    private static String fileName(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    /** Each scored key's labelled windows as time spans; a key matches a labelled series by key or by file name. */
    private Map<String, List<LabelledSpan>> spans(List<ScoredSeries> all) throws java.io.IOException {
        Map<String, List<LabelledSpan>> byKey = new HashMap<>();
        // only the scored keys' labels are read: a recording beside them with none (a fault-free one) is not an error
        Set<String> scored = new HashSet<>();
        for (ScoredSeries s : all) {
            scored.add(s.key());
            scored.add(fileName(s.key()));
        }
        Predicate<CsvSeries> wanted = s -> scored.contains(s.key()) || scored.contains(fileName(s.key()));
        for (LabelledDataset.Entry e : LabelledDataset.load(labels, CsvReader.Options.defaults().withDelimiter(delimiter), labelColumn, wanted)) {
            List<LabelledSpan> l = new ArrayList<>();
            for (LabelWindow w : e.labels().windows())
                l.add(new LabelledSpan(e.series().times()[w.startRow()], e.series().times()[w.endRow()], w.kind()));
            byKey.put(e.series().key(), l);
            byKey.putIfAbsent(fileName(e.series().key()), l);
        }
        Map<String, List<LabelledSpan>> out = new HashMap<>();
        for (ScoredSeries s : all) {
            List<LabelledSpan> l = byKey.getOrDefault(s.key(), byKey.get(fileName(s.key())));
            if (l == null) throw new IllegalArgumentException("no labels in " + labels + " for scored key '" + s.key() + "'");
            out.put(s.key(), l);
        }
        return out;
    }
}
