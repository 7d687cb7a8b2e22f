package dev.lookahead.cli;

import dev.lookahead.model.LstmModel;
import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.model.Provenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;

/** {@code model}: prints a model snapshot's version, architecture and provenance; {@code model publish} puts one on the models topic. */
@Command(name = "model", mixinStandardHelpOptions = true, subcommands = ModelPublishCommand.class,
        description = {"Show a ModelSnapshot's version, architecture and provenance (default: the bundled base model).",
                "'model publish FILE' puts one on the models topic for a running deployment."},
        footerHeading = "%nExamples:%n",
        footer = {"  lookahead model", "  lookahead model runs/v2.avro", "  lookahead model publish runs/v2.avro --bootstrap localhost:9092"})
final class ModelCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "ModelSnapshot Avro file.")
    Path file;

    @Override
    public Integer call() {
        LstmModel m = file == null ? ModelSnapshots.bundled() : ModelSnapshots.read(file);
        Provenance p = m.provenance();
        PrintWriter out = spec.commandLine().getOut();
        out.println("model          " + m.versionId() + (file == null ? " (bundled)" : " (" + file + ")"));
        out.println("architecture   " + m.architecture().describe() + ", " + m.architecture().parameterCount() + " parameters");
        out.println("parent         " + (p.parentVersion() == null ? "none (base model)" : m.group() + ":" + p.parentVersion()));
        out.println("trainer        " + p.trainer());
        out.println("data           " + p.trainingData());
        out.println("data range     " + (p.dataFrom() == null ? "-" : Instant.ofEpochMilli(p.dataFrom()) + " .. " + Instant.ofEpochMilli(p.dataTo())));
        out.println("windows        " + p.windows() + " x " + p.windowLength() + " steps");
        out.println("loss           train " + p.trainLoss() + ", validation " + p.validationLoss());
        out.println("seed           " + p.seed());
        out.println("created        " + Instant.ofEpochMilli(p.createdAt()));
        if (m.calibration() != null)
            out.println("calibration    threshold " + m.calibration().threshold() + " for " + m.calibration().falseAlarmsPerDay()
                    + " false alarms per key per day, on " + m.calibration().data());
        out.println("normal state   " + (m.normalState() == null ? "none: a key it has not seen starts from nothing"
                : String.format(java.util.Locale.ROOT, "%,d bytes after %,d points of %s: a key it has not seen starts from it, as a new run",
                        m.normalState().state().length, m.normalState().points(), m.normalState().data())));
        p.notes().forEach((k, v) -> out.println("  " + k + " = " + v));
        out.flush();
        return 0;
    }
}
