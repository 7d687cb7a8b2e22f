package dev.lookahead.flink;

import dev.lookahead.synthetic.LabelledSeries;
import dev.lookahead.testkit.LookaheadExtension;
import dev.lookahead.testkit.Replay;
import dev.lookahead.testkit.ReplayHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The job through the project's own test kit: a real broker and the job at parallelism 2 (exactly-once, keys
 * spread over two scoring subtasks), four keys (one with two channels) replayed and read back committed.
 */
class JobReplayTest {

    @RegisterExtension
    static final LookaheadExtension lookahead = LookaheadExtension.flink().parallelism(2).build();

    @Test
    void scoresEveryPointAsTheDirectRunnerDoesAndFindsEveryInjectedIncident(ReplayHarness harness, @TempDir Path dir) throws Exception {
        List<LabelledSeries> streams = StreamFixtures.streams();
        Replay r = harness.replay(StreamFixtures.readings(streams));
        StreamFixtures.assertReplayIsTheDirectRunners(r, streams, dir.resolve("golden"));
        System.out.printf("job replay at parallelism 2: %d points, %d incidents, equal to the direct runner's%n",
                r.keys().stream().mapToInt(k -> r.scored(k).size()).sum(), r.incidents().size());
    }

    @Test
    void eachTestStartsItsKeysFromAFreshStateAndASecondReplayContinuesThem(ReplayHarness harness) {
        List<LabelledSeries> one = StreamFixtures.streams().subList(0, 1);
        List<dev.lookahead.testkit.Reading> all = StreamFixtures.readings(one);
        // the other test replayed the same keys before or after this one: a fresh key space makes that irrelevant
        Replay first = harness.replay(all.subList(0, 700));
        assertEquals(700, first.scored("sensor-0").size());
        assertEquals(0, first.scored("sensor-0").get(0).getSequence(), "the key's first point in this test");
        Replay second = harness.replay(all.subList(700, all.size()));
        assertEquals(all.size(), second.scored("sensor-0").size());
        assertEquals(all.size() - 1, second.scored("sensor-0").get(all.size() - 1).getSequence(), "the same key, continued");
    }
}
