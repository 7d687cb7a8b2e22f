package dev.lookahead.detector;

import dev.lookahead.config.ConfigException;
import dev.lookahead.config.LookaheadConfig;
import dev.lookahead.config.Scope;
import dev.lookahead.model.LstmModel;
import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.model.StepKernelType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** detector.step-kernel: one explicit kernel per deployment, each deterministic, both detecting the same anomalies. */
class StepKernelChoiceTest {

    static final int N = 900, SPIKE = 600;

    /** A seasonal stream with noise and one spike of 12 noise levels at {@link #SPIKE}. */
    static double[] stream() {
        SplittableRandom r = new SplittableRandom(21);
        double[] v = new double[N];
        for (int t = 0; t < N; t++) v[t] = 20 + 4 * Math.sin(t * 2 * Math.PI / 48) + 0.3 * r.nextGaussian();
        v[SPIKE] += 3.6;
        return v;
    }

    static List<PointResult> run(StepKernelType kernel) {
        LstmModel model = ModelSnapshots.bundled();
        Detector d = new Detector(model, DetectorConfig.builder().stepKernel(kernel).build());
        KeyState s = d.newState();
        List<PointResult> out = new ArrayList<>();
        double[] v = stream();
        for (int t = 0; t < N; t++) d.process(s, "k", 60_000L * t, new double[]{v[t]}, t, o -> out.add((PointResult) o));
        return out;
    }

    @Test
    void eachKernelReplaysToTheSameBitsAndBothFindTheSpike() {
        List<PointResult> scalar = run(StepKernelType.SCALAR), vector = run(StepKernelType.VECTOR);
        List<PointResult> scalarAgain = run(StepKernelType.SCALAR), vectorAgain = run(StepKernelType.VECTOR);
        double maxForecast = 0, maxScore = 0;
        boolean anyDifferent = false;
        for (int t = 0; t < N; t++) {
            assertEquals(bits(scalar.get(t)), bits(scalarAgain.get(t)), "scalar replay at " + t);
            assertEquals(bits(vector.get(t)), bits(vectorAgain.get(t)), "vector replay at " + t);
            PointResult a = scalar.get(t), b = vector.get(t);
            if (t > 0) maxForecast = Math.max(maxForecast, Math.abs(a.forecast()[0] - b.forecast()[0]));
            maxScore = Math.max(maxScore, Math.abs(a.anomalyScore() - b.anomalyScore()));
            anyDifferent |= !bits(a).equals(bits(b));
            assertEquals(a.anomaly(), b.anomaly(), "anomaly flag at " + t);
        }
        System.out.printf("detector, vector vs scalar kernel over %d points: forecast %.3g, anomaly score %.3g%n", N, maxForecast, maxScore);
        assertTrue(scalar.get(SPIKE).anomaly() && vector.get(SPIKE).anomaly(), "the spike is found by both");
        assertTrue(maxForecast < 1e-4 && maxScore < 1e-4, maxForecast + " " + maxScore);
        // the kernels are not bit-identical: that is why a deployment chooses one
        assertTrue(anyDifferent);
    }

    @Test
    void theSettingIsReadValidatedAndDefaultsToScalar() {
        assertEquals(StepKernelType.SCALAR, DetectorConfig.defaults().stepKernel());
        assertEquals(StepKernelType.SCALAR, LookaheadConfig.loader(Scope.RUN).load().detector().stepKernel());
        assertEquals(StepKernelType.VECTOR, LookaheadConfig.loader(Scope.RUN).sets(List.of("detector.step-kernel=vector")).load().detector().stepKernel());
        assertEquals(StepKernelType.VECTOR, DetectorConfig.builder().stepKernel(StepKernelType.VECTOR).build().toBuilder().build().stepKernel());
        String m = assertThrows(ConfigException.class,
                () -> LookaheadConfig.loader(Scope.RUN).sets(List.of("detector.step-kernel=gpu")).load().detector()).getMessage();
        assertEquals("config: detector.step-kernel (from --set): 'gpu' is not allowed; expected one of SCALAR, VECTOR", m);
        m = assertThrows(IllegalArgumentException.class, () -> DetectorConfig.builder().stepKernel(null).build()).getMessage();
        assertTrue(m.startsWith("detector.step-kernel: null is not allowed"), m);
    }

    /** In a JVM started without the module, VECTOR fails at configuration time, naming the key and the fix. */
    @Test
    void vectorWithoutTheModuleFailsFastInsteadOfFallingBack() throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = location(StepKernelType.class) + java.io.File.pathSeparator + location(NoVectorModule.class);
        Process p = new ProcessBuilder(javaBin, "-cp", cp, NoVectorModule.class.getName()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("module present: false"), out);
        assertTrue(out.contains("scalar: ok"), out);
        assertTrue(out.contains("config: detector.step-kernel: VECTOR is not allowed; expected SCALAR on this JVM")
                && out.contains("--add-modules jdk.incubator.vector"), out);
        assertTrue(out.contains("create: detector.step-kernel VECTOR needs the JDK module jdk.incubator.vector"), out);
        assertNotEquals(-1, out.indexOf("done"), out);
    }

    private static String location(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static String bits(PointResult r) {
        return Double.doubleToRawLongBits(r.forecast()[0]) + "/" + Double.doubleToRawLongBits(r.anomalyScore()) + "/"
                + Double.doubleToRawLongBits(r.rawScore()) + "/" + Double.doubleToRawLongBits(r.forecastStd()[0]) + "/" + r.anomaly();
    }

    /** Run in a child JVM without {@code --add-modules}: prints what each path does. */
    public static final class NoVectorModule {
        public static void main(String[] args) throws IOException {
            System.out.println("module present: " + StepKernelType.vectorAvailable());
            DetectorConfig.builder().stepKernel(StepKernelType.SCALAR).build();
            StepKernelType.SCALAR.create(dev.lookahead.model.LstmWeights.initialise(
                    dev.lookahead.model.ModelArchitecture.univariate(8, 1), 1));
            System.out.println("scalar: ok");
            try {
                DetectorConfig.builder().stepKernel(StepKernelType.VECTOR).build();
                System.out.println("config: accepted");
            } catch (IllegalArgumentException e) {
                System.out.println("config: " + e.getMessage());
            }
            try {
                StepKernelType.VECTOR.create(dev.lookahead.model.LstmWeights.initialise(
                        dev.lookahead.model.ModelArchitecture.univariate(8, 1), 1));
                System.out.println("create: accepted");
            } catch (IllegalStateException e) {
                System.out.println("create: " + e.getMessage());
            }
            System.out.println("done");
        }
    }
}
