package dev.lookahead.kstreams;

import dev.lookahead.flink.StreamFixtures;
import dev.lookahead.synthetic.LabelledSeries;
import dev.lookahead.testkit.LookaheadExtension;
import dev.lookahead.testkit.Replay;
import dev.lookahead.testkit.ReplayHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

/** The Kafka Streams app through the project's own test kit: the same replay, the same checks as the job's. */
class StreamsReplayTest {

    @RegisterExtension
    static final LookaheadExtension lookahead = LookaheadExtension.streams().build();

    @Test
    void scoresEveryPointAsTheDirectRunnerDoesAndFindsEveryInjectedIncident(ReplayHarness harness, @TempDir Path dir) throws Exception {
        List<LabelledSeries> streams = StreamFixtures.streams();
        Replay r = harness.replay(StreamFixtures.readings(streams));
        StreamFixtures.assertReplayIsTheDirectRunners(r, streams, dir.resolve("golden"));
    }
}
