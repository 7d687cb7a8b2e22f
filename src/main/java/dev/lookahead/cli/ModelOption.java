package dev.lookahead.cli;

import dev.lookahead.model.LstmModel;
import dev.lookahead.model.ModelSnapshots;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --model FILE}: a ModelSnapshot Avro file, or the base model bundled in the jar. */
final class ModelOption {

    @Option(names = "--model", paramLabel = "FILE", description = "ModelSnapshot Avro file (default: the bundled base model).")
    Path model;

    LstmModel load() {
        return model == null ? ModelSnapshots.bundled() : ModelSnapshots.read(model);
    }
}
