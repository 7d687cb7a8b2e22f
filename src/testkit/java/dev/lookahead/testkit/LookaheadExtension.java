package dev.lookahead.testkit;

import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.finetune.FineTuneConfig;
import dev.lookahead.model.LstmModel;
import dev.lookahead.model.ModelSnapshots;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * JUnit 5 extension: one in-process Kafka broker and the real Lookahead job (a local Flink MiniCluster,
 * exactly-once) or the Kafka Streams app per test class, started before the first test and stopped after the
 * last. Tests take a {@link ReplayHarness} as a parameter (a fresh key space each) and replay recordings through it.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final LookaheadExtension lookahead = LookaheadExtension.flink()
 *         .model(Path.of("models/plant.avro"))                        // default: the bundled base model
 *         .detector(DetectorConfig.builder().threshold(0.6).build())  // default: the shipped defaults
 *         .build();
 *
 * @Test
 * void aStuckValveIsOneIncident(ReplayHarness harness) {
 *     harness.replay(Path.of("src/test/resources/valve-3.csv"))
 *            .expectIncident("valve-3", between("2024-03-01 10:00:00", "2024-03-01 10:30:00"), BELOW);
 * }
 * }</pre>
 * {@code @ExtendWith(LookaheadExtension.class)} runs the Flink job with every default.
 */
public final class LookaheadExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    /** Which runtime runs the detector. */
    public enum Runtime { FLINK, STREAMS }

    /** The extension's settings, as the builder set them. */
    record Options(Runtime runtime, LstmModel model, DetectorConfig detector, int parallelism, Duration commitInterval,
                   Duration timeout, FineTuneConfig fineTune) {
    }

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LookaheadExtension.class);

    private final Options options;
    private Deployment deployment;

    /** Flink with every default (what {@code @ExtendWith(LookaheadExtension.class)} uses). */
    public LookaheadExtension() {
        this(flink().options());
    }

    private LookaheadExtension(Options options) {
        this.options = options;
    }

    /** The stream job on a local Flink MiniCluster. */
    public static Builder flink() {
        return new Builder(Runtime.FLINK);
    }

    /** The Kafka Streams application. */
    public static Builder streams() {
        return new Builder(Runtime.STREAMS);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (deployment != null) return;   // a nested class shares its outer class's deployment
        dev.lookahead.model.AvroTrust.ensure();   // the outputs are decoded here: no JVM flag needed in users' builds
        deployment = Deployment.start(options);
        context.getStore(NS).put(Deployment.class, deployment);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (context.getStore(NS).get(Deployment.class) == null) return;   // not the class that started it
        context.getStore(NS).remove(Deployment.class);
        Deployment d = deployment;
        deployment = null;
        if (d != null) d.close();
    }

    /** A harness with a fresh key space, for a test that does not take one as a parameter. */
    public ReplayHarness harness() {
        if (deployment == null) throw new IllegalStateException("the Lookahead deployment is not running: register the extension on a static field");
        return new ReplayHarness(deployment, options.timeout());
    }

    /** The embedded broker's bootstrap servers (to read or write topics beside the harness). */
    public String bootstrapServers() {
        return deployment.bootstrap();
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == ReplayHarness.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        if (deployment == null) throw new ParameterResolutionException("the Lookahead deployment did not start (see the class's first failure)");
        return harness();
    }

    /** Settings with the shipped defaults; {@link #build()} validates them. */
    public static final class Builder {
        private final Runtime runtime;
        private LstmModel model;
        private DetectorConfig detector = DetectorConfig.defaults();
        private int parallelism = 1;
        private Duration commitInterval = Duration.ofMillis(200);
        private Duration timeout = Duration.ofSeconds(60);
        private FineTuneConfig fineTune;

        private Builder(Runtime runtime) {
            this.runtime = runtime;
        }

        /** A model file ({@code ModelSnapshot} Avro, as {@code train} writes); default: the bundled base model. */
        public Builder model(Path file) {
            model = ModelSnapshots.read(file);
            return this;
        }

        public Builder model(LstmModel m) {
            model = Objects.requireNonNull(m, "model");
            return this;
        }

        /** Detector settings; default: the shipped defaults ({@code DetectorConfig.defaults()}). */
        public Builder detector(DetectorConfig d) {
            detector = Objects.requireNonNull(d, "detector");
            return this;
        }

        /** Job parallelism (Flink) or stream threads (Streams), and partitions per topic; default 1. */
        public Builder parallelism(int p) {
            if (p < 1) throw new IllegalArgumentException("parallelism must be >= 1, was " + p);
            parallelism = p;
            return this;
        }

        /**
         * How often output is committed: Flink's checkpoint interval, or the Streams commit interval (default 200
         * ms). Exactly-once output becomes visible to {@code read_committed} readers at each commit.
         */
        public Builder commitInterval(Duration d) {
            if (d.toMillis() < 10) throw new IllegalArgumentException("commit interval must be >= 10 ms, was " + d);
            commitInterval = d;
            return this;
        }

        /** How long a replay waits for its committed output (default 60 s). */
        public Builder timeout(Duration d) {
            timeout = Objects.requireNonNull(d, "timeout");
            return this;
        }

        /** Online fine-tuning in the job (Flink only); default off, so outputs equal {@code lookahead score}'s. */
        public Builder fineTune(FineTuneConfig f) {
            if (runtime != Runtime.FLINK) throw new IllegalArgumentException("online fine-tuning runs in the Flink job only");
            fineTune = f;
            return this;
        }

        Options options() {
            return new Options(runtime, model, detector, parallelism, commitInterval, timeout, fineTune);
        }

        public LookaheadExtension build() {
            return new LookaheadExtension(options());
        }
    }
}
