package dev.lookahead.bench;

import dev.lookahead.detector.Detector;
import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.detector.KeyState;
import dev.lookahead.detector.KeyStateCodec;
import dev.lookahead.detector.StateHeader;
import dev.lookahead.detector.StateInput;
import dev.lookahead.detector.StateOutput;
import dev.lookahead.detector.StateRestore;
import dev.lookahead.model.LstmModel;
import dev.lookahead.model.LstmWeights;
import dev.lookahead.model.ModelArchitecture;
import dev.lookahead.model.Provenance;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The key state's bytes on the stream runtimes' per-point path: write into the reused {@link StateOutput}, and read
 * back (header skipped as the runtimes do, sections into the reused scratch state). Both allocate nothing: check with
 * {@code ./mvnw -q -Pbench -DskipTests test-compile exec:exec -Dbench.args="StateCodecBench -prof gc"}
 * ({@code gc.alloc.rate.norm} is 0 B/op) and see bytes per key in the state's size.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class StateCodecBench {

    @Param({"32"})
    public int hidden;

    private KeyStateCodec codec;
    private KeyState state, scratch;
    private final StateOutput out = new StateOutput(640);
    private final StateInput in = new StateInput();
    private final StateRestore restore = new StateRestore();
    private byte[] bytes;

    @Setup
    public void setUp() {
        LstmModel m = new LstmModel("bench", 1, LstmWeights.initialise(ModelArchitecture.univariate(hidden, 1), 42), Provenance.untrained(42));
        Detector d = new Detector(m, DetectorConfig.builder().channels(List.of("value")).build());
        state = d.newState();
        for (int t = 0; t < 500; t++)
            d.process(state, "k", 1_700_000_000_000L + 60_000L * t, new double[]{10 + Math.sin(t / 8.0)}, t, o -> { });
        codec = new KeyStateCodec(d);
        scratch = codec.scratch();
        bytes = codec.toBytes(state);
    }

    @Benchmark
    public int write() {
        codec.write(state, out.reset());
        return out.position();
    }

    @Benchmark
    public KeyState read() {
        in.reset(bytes, 0, bytes.length);
        if (!codec.skipHeader(in)) throw new IllegalStateException("not this codec's header");
        return codec.readBody(in, codec.header(), scratch, restore);
    }

    @Benchmark
    public KeyState readParsingTheHeader() {
        in.reset(bytes, 0, bytes.length);
        StateHeader h = StateHeader.read(in);
        return codec.readBody(in, h.equals(codec.header()) ? codec.header() : h, scratch, restore);
    }
}
