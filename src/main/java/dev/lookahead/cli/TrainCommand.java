package dev.lookahead.cli;

import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.detector.NormalStateLearner;
import dev.lookahead.io.CsvReader;
import dev.lookahead.io.CsvSeries;
import dev.lookahead.model.LstmModel;
import dev.lookahead.model.ModelArchitecture;
import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.model.NormalState;
import dev.lookahead.training.ModelFactory;
import dev.lookahead.training.TrainerConfig;
import dev.lookahead.training.TrainingProgress;
import dev.lookahead.training.TrainingResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code train}: pre-trains (or fine-tunes) a model from CSV series and writes a ModelSnapshot file. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a forecasting model from CSV series (the inputs 'score' reads) with ND4J, and write it",
                "as a versioned ModelSnapshot Avro file with provenance. Series are normalised exactly as the",
                "detector normalises them online. A univariate model (default) learns from every column of every",
                "file as a separate sequence; --channels trains a multivariate model on those columns."},
        footerHeading = "%nExamples:%n",
        footer = {"  lookahead generate --recipe training --out corpus/",
                "  lookahead train corpus/ --out base-model.avro --hidden 32 --epochs 12",
                "  lookahead train recent/ --parent base-model.avro --version 2 --epochs 3 --out v2.avro",
                "  lookahead train anomaly-free.csv --channels Current,Pressure,Temperature --out rig-model.avro"})
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "CSV files or directories.")
    List<Path> inputs;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "ModelSnapshot Avro file to write.")
    Path out;

    @Option(names = "--channels", split = ",", paramLabel = "NAME", description = "Train a multivariate model on these columns (default: univariate 'value').")
    List<String> channels;

    @Mixin
    CsvLayoutOptions layout = new CsvLayoutOptions();

    @Option(names = "--hidden", paramLabel = "H", description = "LSTM hidden size (default ${DEFAULT-VALUE}).")
    int hidden = 32;

    @Option(names = "--layers", paramLabel = "L", description = "Stacked LSTM layers (default ${DEFAULT-VALUE}).")
    int layers = 1;

    @Option(names = "--window", paramLabel = "STEPS", description = "Truncated-BPTT window length (default ${DEFAULT-VALUE}).")
    int window = 64;

    @Option(names = "--epochs", paramLabel = "N", description = "Most epochs; early stopping on validation loss (default: "
            + DEFAULT_EPOCHS + ", or as many as --min-steps takes).")
    Integer epochs;

    @Option(names = "--min-steps", paramLabel = "N", description = "Least optimiser steps (batches): on a small input, such as one fault-free recording, "
            + "the epoch cap rises to take them; early stopping still ends training (default " + DEFAULT_MIN_STEPS + ", or 0 when --epochs is given).")
    Integer minSteps;

    /** Few windows (one recording of a few hours) make an epoch a handful of Adam steps: 20 of them leave such a model half trained. */
    static final int DEFAULT_EPOCHS = 20, DEFAULT_MIN_STEPS = 500;

    @Option(names = "--batch", paramLabel = "N", description = "Windows per batch (default ${DEFAULT-VALUE}).")
    int batch = 64;

    @Option(names = "--learning-rate", paramLabel = "RATE", description = "Adam learning rate (default ${DEFAULT-VALUE}).")
    double learningRate = 1e-3;

    @Option(names = "--patience", paramLabel = "EPOCHS", description = "Early-stopping patience (default ${DEFAULT-VALUE}).")
    int patience = 3;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of every random source (default ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--group", paramLabel = "NAME", description = "Model group (default ${DEFAULT-VALUE}).")
    String group = "default";

    @Option(names = "--version", paramLabel = "N", description = "Model version (default: parent's + 1, or 1).")
    Long version;

    @Option(names = "--parent", paramLabel = "FILE", description = "Fine-tune from this ModelSnapshot instead of from scratch.")
    Path parent;

    @Option(names = "--no-normal-state", description = "Do not store a normal state in the model. By default a multivariate model "
            + "trained on one series (a fault-free recording) stores the state a key reaches on it, and every key it has not seen "
            + "starts from that state, as a new run: judged from its first fault by the recording's scales and channel relations.")
    boolean noNormalState;

    @Option(names = "--created-at", paramLabel = "MILLIS", description = "Creation time to record (default: now); pin it for a reproducible file.")
    Long createdAt;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        LstmModel parentModel = parent == null ? null : ModelSnapshots.read(parent);
        ModelArchitecture arch = parentModel != null ? parentModel.architecture()
                : channels == null ? ModelArchitecture.univariate(hidden, layers) : new ModelArchitecture(channels, hidden, layers);
        TrainerConfig tc = TrainerConfig.builder(arch).windowLength(window).batchSize(batch).maxEpochs(epochs != null ? epochs : DEFAULT_EPOCHS)
                .minSteps(minSteps != null ? minSteps : epochs != null ? 0 : DEFAULT_MIN_STEPS)
                .learningRate(learningRate).patience(patience).seed(seed).build();
        CsvReader.Options opts = layout.toOptions();
        if (channels != null) opts = opts.withValueColumns(channels);
        CsvReader reader = new CsvReader(opts);
        List<ModelFactory.RawSeries> series = new ArrayList<>();
        long points = 0;
        for (Path in : inputs) {
            if (!Files.exists(in)) throw new IllegalArgumentException("input " + in + " does not exist");
            for (CsvSeries s : reader.read(in)) {
                series.add(new ModelFactory.RawSeries(s.key(), s.times(), s.values()));
                points += s.size();
            }
        }
        if (series.isEmpty()) throw new IllegalArgumentException("no CSV series found in " + inputs);
        long v = version != null ? version : parentModel != null ? parentModel.version() + 1 : 1;
        err.printf(Locale.ROOT, "training %s on %d series (%d points) from %s%n", arch.describe(), series.size(), points, inputs);
        ProgressBar bar = new ProgressBar(err);
        TrainingProgress progress = new TrainingProgress() {
            int cap = tc.maxEpochs();

            @Override
            public void onStart(int most, int batches) {
                cap = most;
            }

            @Override
            public void onBatch(int epoch, int b, int batches, double loss) {
                double f = ((epoch - 1) + b / (double) batches) / cap;
                bar.draw("epoch " + epoch + "/" + cap, f, String.format(Locale.ROOT, "batch %d/%d loss %.4f", b, batches, loss), false);
            }

            @Override
            public void onEpoch(int epoch, double trainLoss, double validationLoss) {
                bar.draw("epoch " + epoch + "/" + cap, epoch / (double) cap,
                        String.format(Locale.ROOT, "train %.5f validation %.5f", trainLoss, validationLoss), true);
                bar.done();
            }
        };
        String describe = series.size() + " series, " + points + " points, from " + inputs;
        ModelFactory.Trained t = new ModelFactory(tc, DetectorConfig.defaults())
                .train(series, group, v, parentModel, describe, progress, createdAt != null ? createdAt : System.currentTimeMillis());
        LstmModel model = t.model();
        if (channels != null && series.size() == 1 && !noNormalState) {
            ModelFactory.RawSeries one = series.get(0);
            NormalState normal = NormalStateLearner.learn(model, DetectorConfig.defaults(), arch.channels(), one.times(), one.values(), describe);
            model = model.withNormalState(normal);
            err.println(NormalStateNotes.learned(normal, one.times().length, one.name()));
        }
        ModelSnapshots.write(model, out);
        TrainingResult r = t.result();
        err.printf(Locale.ROOT, "model %s: train loss %.5f, validation loss %.5f (from %.5f), %d epochs (best %d), %d+%d windows, %.1f s -> %s%n",
                t.model().versionId(), r.bestTrainLoss(), r.bestValidationLoss(), r.initialValidationLoss(), r.epochs(), r.bestEpoch(),
                r.trainWindows(), r.validationWindows(), r.elapsedMillis() / 1000.0, out);
        err.flush();
        return 0;
    }
}
