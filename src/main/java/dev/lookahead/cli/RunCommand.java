package dev.lookahead.cli;

import dev.lookahead.config.LookaheadConfig;
import dev.lookahead.config.RuntimeSettings;
import dev.lookahead.config.Scope;
import dev.lookahead.kafka.EmbeddedKafka;
import dev.lookahead.flink.JobHooks;
import dev.lookahead.flink.LookaheadJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.ArrayList;
import java.util.List;

/** Starts the stream job: locally (in-process Flink, and an in-process broker on embedded defaults) or on a cluster via `flink run`. */
@Command(name = "run", mixinStandardHelpOptions = true, modelTransformer = DetectorOptions.Flags.class,
        description = {"Run the Flink job: readings topic in, anomalies (and optionally scored points and dead letters) out, exactly-once.",
                "With kafka.bootstrap-servers=embedded (the default) an in-process KRaft broker is started and the topics created;",
                "otherwise the configured brokers are used and the topics must exist. Keys: config/README.md."},
        footer = {"", "Examples:",
                "  lookahead run                                    # embedded broker, local Flink, defaults",
                "  lookahead run --config config/local.yaml --set kafka.bootstrap-servers=broker:9092",
                "  LOOKAHEAD_JOB_PARALLELISM=2 lookahead run --config config/local.yaml --threshold 0.6",
                "  flink run -c dev.lookahead.cli.Main lookahead-job.jar run --config config/docker.yaml"})
final class RunCommand extends DetectorCommand {

    @Mixin
    ConfigOptions settings;

    @Override
    public Integer call() throws Exception {
        LookaheadConfig c = settings.load(Scope.RUN, detectorOptions());
        var err = spec.commandLine().getErr();
        if (c.skippedNote() != null) err.println(c.skippedNote());
        RuntimeSettings s = c.settings();
        EmbeddedKafka kafka = null;
        try {
            if (s.embeddedKafka()) {
                kafka = new EmbeddedKafka();
                s = s.withBrokers(kafka.bootstrap(), kafka.clientProperties());
                List<String> topics = new ArrayList<>(List.of(s.inputTopic(), s.anomaliesTopic(), s.deadLetterTopic()));
                if (s.scoredTopic() != null) topics.add(s.scoredTopic());
                kafka.createTopics(s.parallelism(), topics.toArray(String[]::new));
                kafka.createCompactedTopic(s.modelsTopic());
                err.println("embedded Kafka broker at " + s.bootstrapServers() + "; topics " + topics + " and " + s.modelsTopic() + " (compacted)");
                EmbeddedKafka k = kafka;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        k.close();
                    } catch (Exception ignored) {
                        // shutting down anyway
                    }
                }, "lookahead-embedded-kafka-shutdown"));
            }
            err.println("running " + s.inputTopic() + " -> " + s.anomaliesTopic() + " at parallelism " + s.parallelism()
                    + (s.exactlyOnce() ? ", exactly-once (consumers: isolation.level=read_committed)" : ", at-least-once"));
            err.flush();
            LookaheadJob.run(s, JobHooks.NONE);
            return 0;
        } finally {
            if (kafka != null) kafka.close();
        }
    }
}
