/**
 * Offline and online training of the forecaster, and ND4J reference numerics.
 *
 * <ul>
 *   <li>{@link dev.lookahead.training.LstmTrainer}: trains or fine-tunes {@link dev.lookahead.model.LstmWeights}
 *       with hand-written BPTT on ND4J arrays ({@link dev.lookahead.training.BpttNetwork}: stacked LSTM, dense
 *       head, MSE after a burn-in; ND4J's Adam, global-norm clipping, early stopping), configured by {@link dev.lookahead.training.TrainerConfig}, fed by
 *       {@link dev.lookahead.training.TrainingData}, reporting through
 *       {@link dev.lookahead.training.TrainingProgress} and returning a
 *       {@link dev.lookahead.training.TrainingResult}; {@code validationLoss} scores given weights on given
 *       windows (the gate for online fine-tuning).</li>
 *   <li>{@link dev.lookahead.training.Nd4jLstmReference}: forecasts computed with ND4J's {@code lstmLayer}, the
 *       numbers the plain-Java {@link dev.lookahead.model.LstmStepper} is tested against.</li>
 * </ul>
 *
 * <p>This is the only package that touches ND4J. ND4J is here for batched work (hundreds of windows per step),
 * where it pays; it is never on the per-point path: one ND4J step for one key costs ~80 µs against ~1.7 µs for
 * the plain-Java step at H=32. Weights leave this package through the documented flat layout, whose blocks are
 * SameDiff's own ({@code Wx [nIn,4H]}, {@code Wr [H,4H]}, {@code b [4H]}, gates i, f, g, o), so export is a copy.
 *
 * <p>Why not SameDiff autodiff (the first version): in ND4J 1.0.0-M2.1 the {@code lstmLayer} backward op leaks
 * ~6.5 MB of native memory per batch (measured; not reclaimed by GC), so a base-model run reached 24 GB RSS.
 * SameDiff also swaps h0/c0 in the forward op only. The hand-written backward pass is checked against finite
 * differences in double precision (worst relative error 6e-7), reuses arrays allocated once (RSS flat at
 * ~0.5 GB with {@code -Xmx512m} over a 9,446-window corpus), and costs about the same per batch (~45 ms for 64
 * windows x 64 steps at H=32). The forward reference op is still built by name with inputs in the C++ order
 * (the {@code LSTMLayer(INDArray...)} constructor gets it wrong).
 * No Flink or Kafka here.
 */
@dev.lookahead.annotation.Internal
package dev.lookahead.training;
