package dev.lookahead.cli;

import dev.lookahead.config.LookaheadConfig;
import dev.lookahead.config.RuntimeSettings;
import dev.lookahead.config.Scope;
import dev.lookahead.kstreams.StreamsApp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@code streams}: the detector as a Kafka Streams application, with the same topics, schemas and configuration as the Flink job. */
@Command(name = "streams", mixinStandardHelpOptions = true, modelTransformer = DetectorOptions.Flags.class,
        description = {"Run the detector as a Kafka Streams application (exactly_once_v2): the same topics, records and",
                "config/ files as 'run', without a Flink cluster. Stops cleanly on Ctrl-C. A file's keys that apply to",
                "'run' only (job.parallelism, fine-tune.enabled, ...) are skipped and listed; given by --set or the environment they are refused.",
                "Fine-tuning: set topics.training-windows, and run 'lookahead trainer' with the same configuration."},
        footerHeading = "%nExamples:%n",
        footer = {"  lookahead streams --config config/local.yaml --set kafka.bootstrap-servers=localhost:9092",
                "  LOOKAHEAD_STREAMS_THREADS=4 lookahead streams --config config/docker.yaml"})
final class StreamsCommand extends DetectorCommand {

    /** Exit code when the Streams client reached ERROR. */
    static final int EXIT_STREAMS_FAILED = 3;


    @Mixin
    ConfigOptions settings;

    @Override
    public Integer call() throws Exception {
        LookaheadConfig c = settings.load(Scope.STREAMS, detectorOptions());
        RuntimeSettings s = c.settings();
        if (s.embeddedKafka())
            throw new IllegalArgumentException("config: kafka.bootstrap-servers: 'embedded' is not allowed for streams; expected host:port of a running cluster");
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean failed = new AtomicBoolean();
        var err = spec.commandLine().getErr();
        if (c.skippedNote() != null) err.println(c.skippedNote());
        try (StreamsApp app = new StreamsApp(s)) {
            Thread hook = new Thread(() -> {
                app.close();
                stopped.countDown();
            }, "lookahead-streams-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            app.start(() -> {
                failed.set(true);
                stopped.countDown();
            });
            err.println("streams application " + s.streamsApplicationId() + ": " + s.inputTopic() + " -> " + s.anomaliesTopic()
                    + (s.exactlyOnce() ? " (exactly_once_v2; consumers: isolation.level=read_committed)" : " (at-least-once)"));
            err.flush();
            stopped.await();
            if (failed.get()) {
                Runtime.getRuntime().removeShutdownHook(hook);
                // the client has no stream threads left: a process that stayed up would look healthy and do nothing
                err.println("lookahead streams: error: the Kafka Streams client stopped on a fatal error (logged above); exiting so a supervisor restarts it");
                err.flush();
                return EXIT_STREAMS_FAILED;
            }
        }
        return 0;
    }
}
