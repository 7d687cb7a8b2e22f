package dev.lookahead.cli;

import dev.lookahead.compare.DiffHtml;
import dev.lookahead.compare.DiffText;
import dev.lookahead.compare.DiffTolerance;
import dev.lookahead.compare.RunDiff;
import dev.lookahead.compare.ScoredRun;
import dev.lookahead.compare.ScoredRunReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code diff A B}: what changed between two runs' scored outputs, incident by incident; exits non-zero past a tolerance. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Compare two runs' scored outputs key by key: incidents added, removed and moved (with their scores),",
                "the largest change of a point's anomaly score, and a summary line. A and B are directories of scored CSVs",
                "(from 'score --out DIR' or 'evaluate nab'), single scored CSVs, or dumps of the scored or anomalies topic",
                "('consume --json'). Exits 0 within the tolerance, " + Main.EXIT_DIFFERENT + " past it, 1 on bad input."},
        footerHeading = "%nExamples:%n",
        footer = {"  lookahead diff runs/before/scored runs/after/scored",
                "  lookahead diff runs/nab-a runs/nab-b --max-moved 2 --html runs/nab-diff",
                "  lookahead consume --bootstrap localhost:9092 --scored --json --from-beginning --idle-timeout 5 > today.json",
                "  lookahead diff yesterday.json today.json --max-score-change 0"})
final class DiffCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "A", description = "The reference run: a directory of scored CSVs, a scored CSV, or a JSON-lines topic dump.")
    Path a;

    @Parameters(index = "1", paramLabel = "B", description = "The run to compare with it, in any of the same forms.")
    Path b;

    @Mixin
    ToleranceOptions toleranceOptions = new ToleranceOptions();

    @Option(names = "--html", paramLabel = "DIR", description = "Also write DIR/index.html: both runs on the report's charts, the changed incidents marked.")
    Path html;

    @Option(names = "--threshold", paramLabel = "SCORE", description = "For outputs without an 'anomaly' column (NAB results): a point is anomalous from this score (default ${DEFAULT-VALUE}); also the charts' threshold line.")
    double threshold = 0.5;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        ScoredRun ra = ScoredRunReader.read(a, threshold), rb = ScoredRunReader.read(b, threshold);
        DiffTolerance tolerance = toleranceOptions.tolerance();
        RunDiff d = RunDiff.of(ra, rb, toleranceOptions.matchPoints);
        PrintWriter out = spec.commandLine().getOut();
        DiffText.write(d, tolerance, out);
        PrintWriter err = spec.commandLine().getErr();
        if (html != null) {
            Path index = DiffHtml.write(ra, rb, d, tolerance, threshold, html);
            err.println("charts of the changed keys: " + index.toAbsolutePath());
        }
        err.printf(Locale.ROOT, "compared %,d + %,d points of %d + %d key(s) in %.2f s%n", ra.points(), rb.points(),
                ra.keys().size(), rb.keys().size(), (System.nanoTime() - t0) / 1e9);
        err.flush();
        return tolerance.violations(d).isEmpty() ? 0 : Main.EXIT_DIFFERENT;
    }
}
