package dev.lookahead.bench;

import dev.lookahead.detector.Detector;
import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.detector.KeyState;
import dev.lookahead.detector.Outcome;
import dev.lookahead.model.LstmModel;
import dev.lookahead.model.LstmWeights;
import dev.lookahead.model.ModelArchitecture;
import dev.lookahead.model.Provenance;
import dev.lookahead.model.StepKernel;
import dev.lookahead.model.StepKernelType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Cost of one point on one thread: the bare LSTM step, and the whole detector path (gap check, score, likelihood,
 * adaptation, normalisation, step, result object) for one key, at H = 16/32/64 and 1 or 8 channels, with each step
 * kernel. Run: {@code ./mvnw -q -Pbench -DskipTests test-compile exec:exec -Dbench.args="PointBench"} (the profile
 * adds {@code --add-modules jdk.incubator.vector}; JMH's forks inherit it).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class PointBench {

    @Param({"16", "32", "64"})
    public int hidden;

    @Param({"1", "8"})
    public int channels;

    @Param({"SCALAR", "VECTOR"})
    public StepKernelType kernel;

    private StepKernel stepper;
    private float[] x, h, c, y;
    private Detector detector;
    private KeyState state;
    private double[][] values;
    private long time;
    private int i;

    @Setup(Level.Trial)
    public void setUp() {
        List<String> names = new ArrayList<>();
        for (int k = 0; k < channels; k++) names.add("c" + k);
        ModelArchitecture a = new ModelArchitecture(names, hidden, 1);
        LstmWeights w = LstmWeights.initialise(a, 42);
        stepper = kernel.create(w);
        x = new float[channels];
        h = new float[hidden];
        c = new float[hidden];
        y = new float[channels];
        detector = new Detector(new LstmModel("bench", 1, w, Provenance.untrained(42)), DetectorConfig.builder().stepKernel(kernel).build());
        state = detector.newState();
        SplittableRandom r = new SplittableRandom(7);
        values = new double[4096][channels];
        for (int t = 0; t < values.length; t++)
            for (int k = 0; k < channels; k++) values[t][k] = 10 + Math.sin(t / 8.0 + k) + 0.1 * r.nextGaussian();
        for (int k = 0; k < channels; k++) x[k] = 0.5f;
    }

    private Blackhole blackhole;
    private Consumer<Outcome> sink;

    @Setup(Level.Trial)
    public void sink(Blackhole bh) {
        blackhole = bh;
        sink = blackhole::consume;   // one sink for the run, so the benchmark does not allocate a lambda per point
    }

    @Benchmark
    public float lstmStep() {
        stepper.step(x, 0, h, c, 0, y, 0);
        return y[0];
    }

    @Benchmark
    public void detectorPoint() {
        detector.process(state, "k", time += 60_000, values[i++ & 4095], i, sink);
    }
}
