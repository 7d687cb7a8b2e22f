package dev.lookahead.cli;

import dev.lookahead.compare.DiffHtml;
import dev.lookahead.compare.DiffText;
import dev.lookahead.compare.DiffTolerance;
import dev.lookahead.compare.ModelComparison;
import dev.lookahead.compare.RunDiff;
import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.io.CsvReader;
import dev.lookahead.io.CsvSeries;
import dev.lookahead.model.LstmModel;
import dev.lookahead.model.ModelSnapshots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code compare-models}: one recording scored by two models, and what would change: the gate for promoting a model. */
@Command(name = "compare-models", mixinStandardHelpOptions = true, modelTransformer = DetectorOptions.Flags.class,
        description = {"Score the same recording with two models (same detector settings, each key from a fresh state) and diff",
                "the results as 'diff' does: incidents added, removed and moved, the largest score change. The gate for",
                "promoting a fine-tuned or retrained model: replay last week's data, and refuse the model when it would add",
                "incidents. Exits 0 within the tolerance, " + Main.EXIT_DIFFERENT + " past it, 1 on bad input."},
        footerHeading = "%nExamples:%n",
        footer = {"  lookahead compare-models --model-b candidate.avro last-week/",
                "  lookahead compare-models --model-a current.avro --model-b candidate.avro plant.csv --key-column device --max-removed 1 --html cmp/"})
final class CompareModelsCommand extends DetectorCommand {

    @Option(names = "--model-a", paramLabel = "FILE", description = "The model in use: a ModelSnapshot Avro file (default: the bundled base model).")
    Path modelA;

    @Option(names = "--model-b", required = true, paramLabel = "FILE", description = "The candidate: a ModelSnapshot Avro file.")
    Path modelB;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "CSV files or directories of them, as 'score' reads them.")
    List<Path> inputs;

    @Mixin
    CsvLayoutOptions layout = new CsvLayoutOptions();

    @Option(names = "--key-column", paramLabel = "NAME", description = "Column holding the key, for files with many keys.")
    String keyColumn;

    @Mixin
    ToleranceOptions toleranceOptions = new ToleranceOptions();

    @Option(names = "--html", paramLabel = "DIR", description = "Also write DIR/index.html: both models' runs on the report's charts, the changed incidents marked.")
    Path html;

    @Override
    public Integer call() throws Exception {
        DetectorConfig config = detectorOptions().toConfig();
        LstmModel a = modelA == null ? ModelSnapshots.bundled() : ModelSnapshots.read(modelA);
        LstmModel b = ModelSnapshots.read(modelB);
        // a multivariate model reads its own channels; a univariate one serves whichever the other reads
        CsvReader.Options opts = ModelColumns.options(layout.toOptions(), b.architecture().channelCount() > 1 ? b : a);
        if (keyColumn != null) opts = opts.withKeyColumn(keyColumn);
        List<ModelComparison.Series> recording = new ArrayList<>();
        for (Path in : inputs) {
            if (!Files.exists(in)) throw new IllegalArgumentException("input " + in + " does not exist");
            for (CsvSeries s : new CsvReader(opts).read(in)) recording.add(ModelComparison.Series.of(s));
        }
        long t0 = System.nanoTime();
        ModelComparison.Result r = ModelComparison.run(a, b, config, recording);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "A: model %s, %s (%s)%nB: model %s, %s (%s)%n", a.versionId(), a.architecture().describe(),
                modelA == null ? "bundled" : modelA, b.versionId(), b.architecture().describe(), modelB);
        DiffTolerance tolerance = toleranceOptions.tolerance();
        RunDiff d = toleranceOptions.matchPoints == RunDiff.DEFAULT_MATCH_POINTS ? r.diff() : RunDiff.of(r.a(), r.b(), toleranceOptions.matchPoints);
        DiffText.write(d, tolerance, out);
        PrintWriter err = spec.commandLine().getErr();
        if (html != null) err.println("charts of the changed keys: " + DiffHtml.write(r.a(), r.b(), d, tolerance, config.threshold(), html).toAbsolutePath());
        err.printf(Locale.ROOT, "scored %,d points of %d key(s) with both models in %.2f s%n", r.a().points(), recording.size(), (System.nanoTime() - t0) / 1e9);
        err.flush();
        return tolerance.violations(d).isEmpty() ? 0 : Main.EXIT_DIFFERENT;
    }
}
