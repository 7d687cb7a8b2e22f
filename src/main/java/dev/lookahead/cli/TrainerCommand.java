package dev.lookahead.cli;

import dev.lookahead.config.LookaheadConfig;
import dev.lookahead.config.RuntimeSettings;
import dev.lookahead.config.Scope;
import dev.lookahead.kstreams.StreamsTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;


/** {@code trainer}: the fine-tuning trainer of a Kafka Streams deployment, as its own process. */
@Command(name = "trainer", mixinStandardHelpOptions = true, modelTransformer = DetectorOptions.Flags.class,
        description = {"Fine-tune the model of a 'streams' deployment: read the training windows its scoring tasks sample",
                "(topics.training-windows), train rounds behind the validation gate, and publish each accepted version to",
                "topics.models, which the application adopts. Takes the same config/ file as 'streams'; run one per model",
                "group. Starts from the newest version on the models topic. Stops cleanly on Ctrl-C."},
        footerHeading = "%nExamples:%n",
        footer = {"  lookahead trainer --config config/local.yaml --set topics.training-windows=lookahead-training-windows"})
final class TrainerCommand extends DetectorCommand {

    @Mixin
    ConfigOptions settings;

    @Override
    public Integer call() throws Exception {
        LookaheadConfig c = settings.load(Scope.STREAMS, detectorOptions());
        RuntimeSettings s = c.settings();
        if (s.embeddedKafka())
            throw new IllegalArgumentException("config: kafka.bootstrap-servers: 'embedded' is not allowed for trainer; expected host:port of a running cluster");
        var err = spec.commandLine().getErr();
        try (StreamsTrainer trainer = new StreamsTrainer(s)) {
            Thread main = Thread.currentThread();
            Thread hook = new Thread(() -> {
                trainer.close();
                try {
                    main.join(15_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "lookahead-trainer-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            err.println("fine-tune trainer: " + s.trainingWindowsTopic() + " -> " + s.modelsTopic() + ", from " + trainer.current().versionId());
            err.flush();
            trainer.run();
        }
        return 0;
    }
}
