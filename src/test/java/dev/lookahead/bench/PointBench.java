package dev.lookahead.bench;

import dev.lookahead.detector.Detector;
import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.detector.KeyState;
import dev.lookahead.detector.Outcome;
import dev.lookahead.model.LstmModel;
import dev.lookahead.model.LstmStepper;
import dev.lookahead.model.LstmWeights;
import dev.lookahead.model.ModelArchitecture;
import dev.lookahead.model.Provenance;
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
 * adaptation, normalisation, step, result object) for one key, at H = 16/32/64 and 1 or 8 channels.
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

    private LstmStepper stepper;
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
        stepper = new LstmStepper(w);
        x = new float[channels];
        h = new float[hidden];
        c = new float[hidden];
        y = new float[channels];
        detector = new Detector(new LstmModel("bench", 1, w, Provenance.untrained(42)), DetectorConfig.defaults());
        state = detector.newState();
        SplittableRandom r = new SplittableRandom(7);
        values = new double[4096][channels];
        for (int t = 0; t < values.length; t++)
            for (int k = 0; k < channels; k++) values[t][k] = 10 + Math.sin(t / 8.0 + k) + 0.1 * r.nextGaussian();
        for (int k = 0; k < channels; k++) x[k] = 0.5f;
    }

    @Benchmark
    public float lstmStep() {
        stepper.step(x, 0, h, c, 0, y, 0);
        return y[0];
    }

    @Benchmark
    public void detectorPoint(Blackhole bh) {
        Consumer<Outcome> sink = bh::consume;
        detector.process(state, "k", time += 60_000, values[i++ & 4095], i, sink);
    }
}
