package dev.lookahead.flink;

import dev.lookahead.avro.ScoredPoint;
import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.model.LstmModel;
import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.synthetic.LabelledSeries;
import dev.lookahead.testkit.LookaheadExtension;
import dev.lookahead.testkit.Replay;
import dev.lookahead.testkit.ReplayHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The job at parallelism 2 with a model that carries the normal state of a fault-free recording of the two-channel
 * key's channels: that key starts from it on its subtask, the one-channel keys from nothing, and every output is the
 * direct runner's byte for byte.
 */
class NormalStateJobTest {

    private static final LstmModel MODEL = StreamFixtures.withNormalStateOfATwoChannelRecording(ModelSnapshots.bundled());

    @RegisterExtension
    static final LookaheadExtension lookahead = LookaheadExtension.flink().parallelism(2).model(MODEL).build();

    @Test
    void newKeysOfTheStatesChannelsStartFromItAndEveryOutputIsTheDirectRunners(ReplayHarness harness, @TempDir Path dir) throws Exception {
        List<LabelledSeries> streams = StreamFixtures.streams();
        Replay r = harness.replay(StreamFixtures.readings(streams));
        StreamFixtures.assertReplayIsTheDirectRunners(r, MODEL, streams, dir.resolve("golden"));
        Map<String, List<byte[]>> fromNothing = StreamFixtures.expectedScored(ModelSnapshots.bundled(), DetectorConfig.defaults(), streams);
        for (LabelledSeries s : streams) {
            ScoredPoint first = r.scored(s.key()).get(0);
            boolean twoChannels = s.channels().size() == 2;
            assertEquals(twoChannels, first.getFlags().getStateReset(), s.key() + ": starts from the normal state");
            byte[] fresh = fromNothing.get(s.key()).get(0);
            if (twoChannels) assertFalse(java.util.Arrays.equals(fresh, dev.lookahead.stream.AvroBytes.write(first)), "sensor-3's outputs are the normal state's");
            else assertTrue(java.util.Arrays.equals(fresh, dev.lookahead.stream.AvroBytes.write(first)), s.key());
        }
    }
}
