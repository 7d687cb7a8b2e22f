package dev.lookahead.bench;

import com.amazon.randomcutforest.parkservices.AnomalyDescriptor;
import com.amazon.randomcutforest.parkservices.ThresholdedRandomCutForest;
import dev.lookahead.detector.Detector;
import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.detector.KeyState;
import dev.lookahead.model.LstmModel;
import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.model.StepKernelType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The same univariate stream, one point at a time on one thread, through Lookahead's detector (bundled model, H=32,
 * step + score + learning) and through Random Cut Forest's {@code ThresholdedRandomCutForest} (shingle 8, 50 trees,
 * sample size 256), in the same run, with each of Lookahead's step kernels ({@code lookahead}: SCALAR, the default;
 * {@code lookaheadVector}: VECTOR). Run:
 * {@code ./mvnw -q -Pbench -DskipTests test-compile exec:exec -Dbench.args="RcfComparisonBench"}; the ratio is
 * rcf / lookahead of the two average times, printed by {@link RcfRatio}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class RcfComparisonBench {

    private double[] values;
    private Detector detector, vectorDetector;
    private KeyState state, vectorState;
    private ThresholdedRandomCutForest forest;
    private int i;
    private long time;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom r = new SplittableRandom(11);
        values = new double[1 << 16];
        for (int t = 0; t < values.length; t++) values[t] = 10 + 3 * Math.sin(t * 2 * Math.PI / 96) + 0.2 * r.nextGaussian();
        LstmModel model = ModelSnapshots.bundled();
        detector = new Detector(model, DetectorConfig.defaults());
        state = detector.newState();
        vectorDetector = new Detector(model, DetectorConfig.builder().stepKernel(StepKernelType.VECTOR).build());
        vectorState = vectorDetector.newState();
        forest = ThresholdedRandomCutForest.builder().dimensions(8).shingleSize(8).internalShinglingEnabled(true)
                .numberOfTrees(50).sampleSize(256).randomSeed(42L).build();
        // past warm-up for both, so steady-state cost is measured
        for (int t = 0; t < 2048; t++) {
            detector.process(state, "k", 60_000L * t, new double[]{values[t]}, t, o -> { });
            vectorDetector.process(vectorState, "k", 60_000L * t, new double[]{values[t]}, t, o -> { });
            forest.process(new double[]{values[t]}, t);
        }
        i = 2048;
        time = 2048;
    }

    @Benchmark
    public Object lookahead() {
        Object[] last = new Object[1];
        int k = i++ & (values.length - 1);
        detector.process(state, "k", 60_000L * time++, new double[]{values[k]}, k, o -> last[0] = o);
        return last[0];
    }

    @Benchmark
    public Object lookaheadVector() {
        Object[] last = new Object[1];
        int k = i++ & (values.length - 1);
        vectorDetector.process(vectorState, "k", 60_000L * time++, new double[]{values[k]}, k, o -> last[0] = o);
        return last[0];
    }

    @Benchmark
    public AnomalyDescriptor randomCutForest() {
        int k = i++ & (values.length - 1);
        return forest.process(new double[]{values[k]}, time++);
    }
}
