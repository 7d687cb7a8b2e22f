package dev.lookahead.training;

import dev.lookahead.model.LstmWeights;
import dev.lookahead.model.ModelArchitecture;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hand-written BPTT gradients against central finite differences of the loss, in double precision so the
 * tolerance can be tight: two stacked layers, two channels, a burn-in, and a partial (padded) batch.
 */
class BpttGradientCheckTest {

    @Test
    void gradientsMatchFiniteDifferences() {
        ModelArchitecture arch = LstmStepperReferenceTest.arch(4, 2, 2);
        LstmWeights w = LstmWeights.initialise(arch, 17);
        int len = 12, burnIn = 2, n = 3;
        List<float[][]> xs = new ArrayList<>(), ys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            xs.add(LstmStepperReferenceTest.randomInput(len, 2, 40 + i));
            ys.add(LstmStepperReferenceTest.randomInput(len, 2, 50 + i));
        }
        try (BpttNetwork net = new BpttNetwork(w, len, burnIn, 5, DataType.DOUBLE)) {
            net.lossAndGradients(xs, ys, null, 0, n);
            SplittableRandom r = new SplittableRandom(5);
            double eps = 1e-5, worst = 0;
            int checked = 0;
            for (int p = 0; p < net.params.length; p++) {
                INDArray param = net.params[p], grad = net.grads[p].dup();
                for (int k = 0; k < 8; k++) {
                    long idx = r.nextLong(param.length());
                    double orig = param.getDouble(idx);
                    param.putScalar(idx, orig + eps);
                    double up = net.loss(xs, ys, null, 0, n);
                    param.putScalar(idx, orig - eps);
                    double down = net.loss(xs, ys, null, 0, n);
                    param.putScalar(idx, orig);
                    double numeric = (up - down) / (2 * eps), analytic = grad.getDouble(idx);
                    double err = Math.abs(numeric - analytic) / Math.max(1e-8, Math.abs(numeric) + Math.abs(analytic));
                    worst = Math.max(worst, err);
                    checked++;
                    assertTrue(err < 1e-5 || Math.abs(numeric - analytic) < 1e-9,
                            "param " + p + "[" + idx + "]: analytic " + analytic + " numeric " + numeric);
                }
            }
            System.out.printf("BPTT gradient check: %d entries, worst relative error %.3g%n", checked, worst);
        }
    }
}
