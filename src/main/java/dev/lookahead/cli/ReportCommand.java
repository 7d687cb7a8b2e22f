package dev.lookahead.cli;

import dev.lookahead.report.HtmlReport;
import dev.lookahead.report.PngCharts;
import dev.lookahead.report.ScoredSeries;
import dev.lookahead.report.ScoredSeriesReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code report}: scored CSVs to a self-contained HTML page and a PNG per key. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Chart scored series: per key, actual vs forecast with the uncertainty band, the anomaly score",
                "under it with the threshold, anomalous points marked. Writes DIR/index.html (self-contained, inline SVG)",
                "and DIR/<key>.png."},
        footerHeading = "%nExamples:%n",
        footer = {"  lookahead demo && lookahead report runs/demo/scored --out runs/demo/report",
                "  lookahead score nyc_taxi.csv --out taxi.csv && lookahead report taxi.csv --out taxi-report"})
final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "INPUT", description = "A scored CSV (as 'score' writes) or a directory of them.")
    Path input;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "Directory for index.html and the PNGs.")
    Path out;

    @Option(names = "--threshold", paramLabel = "SCORE", description = "The detector.threshold line to draw (default ${DEFAULT-VALUE}, the shipped one).")
    double threshold = dev.lookahead.detector.DetectorConfig.defaults().threshold();

    @Override
    public Integer call() throws Exception {
        List<ScoredSeries> all = ScoredSeriesReader.read(input);
        Path index = HtmlReport.write(all, threshold, out);
        for (ScoredSeries s : all) PngCharts.write(s, threshold, out);
        var err = spec.commandLine().getErr();
        err.println("report of " + all.size() + " key(s): " + index.toAbsolutePath() + " (and " + all.size() + " PNG file(s) beside it)");
        err.flush();
        return 0;
    }
}
