package dev.lookahead.compare;

import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.detector.Outcome;
import dev.lookahead.detector.PointResult;
import dev.lookahead.io.CsvSeries;
import dev.lookahead.model.LstmModel;
import dev.lookahead.runner.DirectRunner;
import dev.lookahead.stream.AvroOutputs;

import java.util.ArrayList;
import java.util.List;

/**
 * The same recording scored by two models with the same detector settings, and what changed: the check behind
 * {@code compare-models} and the fine-tuning gate's {@code max-added-incidents}. Each key runs from a fresh state
 * through the direct runner, which the stream job and the Kafka Streams app equal point for point.
 */
public final class ModelComparison {

    /** One key's recording. */
    public record Series(String key, List<String> channels, long[] times, double[][] values) {
        public static Series of(CsvSeries s) {
            return new Series(s.key(), s.channels(), s.times(), s.values());
        }
    }

    /** Both runs and their diff. */
    public record Result(ScoredRun a, ScoredRun b, RunDiff diff) {
    }

    private ModelComparison() {
    }

    public static Result run(LstmModel a, LstmModel b, DetectorConfig config, List<Series> recording) {
        ScoredRun ra = score(a, config, recording), rb = score(b, config, recording);
        return new Result(ra, rb, RunDiff.of(ra, rb));
    }

    /** The recording scored by one model, as a run named after the model. */
    public static ScoredRun score(LstmModel model, DetectorConfig config, List<Series> recording) {
        DirectRunner runner = new DirectRunner(model, config);
        List<ScoredKey> keys = new ArrayList<>(recording.size());
        for (Series s : recording) {
            ScoredKey.Builder b = ScoredKey.builder(s.key());
            for (Outcome o : runner.run(s.key(), s.channels(), s.times(), s.values())) {
                if (o instanceof PointResult p) ScoredKeys.add(b, AvroOutputs.scoredPoint(p));
                else b.dropped();
            }
            keys.add(b.build());
        }
        return ScoredRun.of("model " + model.versionId(), keys);
    }
}
