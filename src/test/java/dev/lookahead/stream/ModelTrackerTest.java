package dev.lookahead.stream;

import dev.lookahead.detector.TestModels;
import dev.lookahead.model.LstmModel;
import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.model.Provenance;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The switch rule both runtimes apply to the models topic, each verdict logged once per snapshot, each snapshot decoded at most once. */
class ModelTrackerTest {

    private static final LstmModel V1 = new LstmModel("plant", 1, TestModels.untrained(16, 1, 1).weights(), Provenance.untrained(1));

    private static LstmModel model(String group, long version, int hidden, long seed) {
        return new LstmModel(group, version, TestModels.untrained(hidden, 1, seed).weights(), Provenance.untrained(seed));
    }

    @Test
    void adoptsANewerVersionOfTheSameGroupAndArchitectureOnlyAndLogsEachVerdictOnce() {
        byte[] v2 = ModelSnapshots.toBytes(model("plant", 2, 16, 2));
        byte[] v3 = ModelSnapshots.toBytes(model("plant", 3, 16, 3));
        byte[] foreign = ModelSnapshots.toBytes(model("other-plant", 9, 16, 4));
        byte[] otherShape = ModelSnapshots.toBytes(model("plant", 9, 32, 5));
        byte[] sameVersion = ModelSnapshots.toBytes(model("plant", 1, 16, 6));
        byte[] garbage = new byte[]{1, 2, 3, 4, 5};
        byte[] truncated = Arrays.copyOf(ModelSnapshots.toBytes(model("plant", 8, 16, 7)), 400);   // the header reads, the weights do not
        try (LogCapture log = new LogCapture(ModelTracker.class)) {
            ModelTracker t = new ModelTracker(V1, "task 0_1");
            for (int round = 0; round < 3; round++) {   // offered again and again, as a global table is read
                assertEquals(round == 0 ? ModelTracker.Verdict.ADOPTED : ModelTracker.Verdict.CURRENT, t.offer(v2));
                assertEquals(ModelTracker.Verdict.FOREIGN_GROUP, t.offer(foreign));
                assertEquals(ModelTracker.Verdict.OTHER_ARCHITECTURE, t.offer(otherShape));
                assertEquals(ModelTracker.Verdict.NOT_NEWER, t.offer(sameVersion));
                assertEquals(ModelTracker.Verdict.UNREADABLE, t.offer(garbage));
                assertEquals(ModelTracker.Verdict.UNREADABLE, t.offer(truncated));
            }
            assertEquals("plant:2", t.current().versionId());
            assertEquals(ModelTracker.Verdict.ADOPTED, t.offer(v3));
            assertEquals(ModelTracker.Verdict.NOT_NEWER, t.offer(v2), "replaced since: stale");
            assertEquals("plant:3", t.current().versionId());
            assertEquals(3, t.parses(), "decoded in full: v2, the truncated one (whose header read), v3; never again");

            assertEquals(1, log.count("INFO", "task 0_1", "adopted model plant:2"), log.lines().toString());
            assertEquals(1, log.count("INFO", "adopted model plant:3"));
            assertEquals(1, log.count("INFO", "ignoring model other-plant:9", "group 'other-plant' is not the running group 'plant'"));
            assertEquals(1, log.count("WARN", "ignoring model plant:9", "architecture lstm[value] H=32 L=1 differs from the running lstm[value] H=16 L=1"));
            assertEquals(1, log.count("INFO", "ignoring model plant:1", "not newer"));
            assertEquals(1, log.count("WARN", "record of 5 bytes on the models topic"));
            assertEquals(1, log.count("WARN", "ignoring model plant:8"));
            assertEquals(7, log.lines().size(), log.lines().toString());
        }
    }

    @Test
    void theVersionInForceIsCurrentNotARefusal() {
        ModelTracker t = new ModelTracker(V1, "subtask 1/1");
        assertEquals(ModelTracker.Verdict.CURRENT, t.offer(ModelSnapshots.toBytes(V1)));
        assertSame(V1, t.current());
        assertEquals(0, t.parses());
    }
}
