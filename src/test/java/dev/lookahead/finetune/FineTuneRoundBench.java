package dev.lookahead.finetune;

import dev.lookahead.model.LstmModel;
import dev.lookahead.model.LstmWeights;
import dev.lookahead.model.ModelArchitecture;
import dev.lookahead.model.Provenance;
import dev.lookahead.training.TrainerConfig;
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

import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One online fine-tuning round as {@link FineTuner} runs it, under JMH: 256 training windows x 64 steps, H=32,
 * batch 64, {@code epochs} passes, then the gate (parent and candidate on 64 held-back windows). Each invocation
 * is one whole round (single-shot), after two warm-up rounds for ND4J's native initialisation and the JIT. Run:
 * {@code OMP_NUM_THREADS=1 ./mvnw -q -Pbench -DskipTests test-compile exec:exec -Dbench.args="FineTuneRoundBench"}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 8)
@Fork(1)
@State(Scope.Benchmark)
public class FineTuneRoundBench {

    @Param({"1", "2"})
    int epochs;

    private FineTuneRound round;
    private LstmModel parent;
    private List<TimedWindow> train, held;
    private int n;

    @Setup
    public void setUp() {
        ModelArchitecture arch = ModelArchitecture.univariate(32, 1);
        parent = new LstmModel("bench", 1, LstmWeights.initialise(arch, 1), Provenance.untrained(1));
        train = Regimes.timed(Regimes.sine(16, 1025, 50, 0.5, 0.1, 7));   // 256 windows
        held = Regimes.timed(Regimes.sine(4, 1025, 50, 0.5, 0.1, 8));     // 64 windows
        FineTuneConfig cfg = FineTuneConfig.builder().epochs(epochs).maxRoundMillis(600_000).build();
        round = new FineTuneRound(TrainerConfig.builder(arch).seed(3).build(), cfg, Clock.systemUTC());
    }

    @Benchmark
    public RoundReport round() {
        return round.run(++n, parent, train, held);
    }
}
