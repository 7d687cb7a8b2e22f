package dev.lookahead.training;

import dev.lookahead.model.LstmWeights;
import dev.lookahead.model.ModelArchitecture;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SameDiff's lstmLayer gradients (the ones the trainer applies) against central finite differences of the loss,
 * from the zero initial state the trainer uses. The backward op of this ND4J version has known bugs with a
 * non-zero initial state, so this guards the configuration we depend on. FLOAT graph, so tolerances are loose.
 */
class GradientCheckTest {

    @Test
    void sameDiffGradientsMatchFiniteDifferences() {
        ModelArchitecture arch = LstmStepperReferenceTest.arch(4, 2, 2);
        LstmWeights w = LstmWeights.initialise(arch, 17);
        int len = 12, burnIn = 2;
        List<TrainingWindow> ws = new ArrayList<>();
        for (int i = 0; i < 3; i++)
            ws.add(new TrainingWindow(LstmStepperReferenceTest.randomInput(len, 2, 40 + i),
                    LstmStepperReferenceTest.randomInput(len, 2, 50 + i)));
        List<float[][]> xs = new ArrayList<>(), ys = new ArrayList<>();
        for (TrainingWindow t : ws) {
            xs.add(t.input());
            ys.add(t.target());
        }
        INDArray x = Nd4jSupport.stack(xs, null, 0, 3, len, 2), y = Nd4jSupport.stack(ys, null, 0, 3, len, 2);
        TrainingGraph g = new TrainingGraph(w, len, burnIn);
        OutAndGrad og = g.lossAndGradients(x, y);

        SplittableRandom r = new SplittableRandom(5);
        double eps = 1e-2, worst = 0;
        int checked = 0;
        for (int p = 0; p < g.params.length; p++) {
            INDArray param = g.param(p);
            INDArray grad = og.getGradients().get(g.params[p]).dup();
            for (int k = 0; k < 6; k++) {
                long idx = r.nextLong(param.length());
                double orig = param.getDouble(idx);
                param.putScalar(idx, orig + eps);
                double up = g.loss(x, y);
                param.putScalar(idx, orig - eps);
                double down = g.loss(x, y);
                param.putScalar(idx, orig);
                double numeric = (up - down) / (2 * eps);
                double analytic = grad.getDouble(idx);
                double err = Math.abs(numeric - analytic) / Math.max(1e-3, Math.abs(numeric) + Math.abs(analytic));
                worst = Math.max(worst, err);
                checked++;
                assertTrue(err < 0.05 || Math.abs(numeric - analytic) < 2e-4,
                        g.params[p] + "[" + idx + "]: analytic " + analytic + " numeric " + numeric);
            }
        }
        System.out.printf("gradient check: %d entries, worst relative error %.3g%n", checked, worst);
    }
}
