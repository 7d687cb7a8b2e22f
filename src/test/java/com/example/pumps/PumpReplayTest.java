package com.example.pumps;

import dev.lookahead.testkit.LookaheadExtension;
import dev.lookahead.testkit.ReplayHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;

import static dev.lookahead.compare.Direction.ABOVE;
import static dev.lookahead.testkit.TimeRange.between;

/** Last week's recording of two pumps, replayed through the real job: what would have paged someone? */
class PumpReplayTest {

    // one Kafka broker and the Lookahead job (local Flink, exactly-once) for the whole class
    @RegisterExtension
    static final LookaheadExtension lookahead = LookaheadExtension.flink().build();

    @Test
    void theBearingSpikeIsOneIncidentAndTheOtherPumpStaysQuiet(ReplayHarness harness) {
        harness.replay(Path.of("src/test/resources/example/recording"))   // pump-7.csv, pump-8.csv: 4,000 readings
                .expectIncident("pump-7", between("2024-03-02 00:55:00", "2024-03-02 01:05:00"), ABOVE)
                .expectNoIncident("pump-8")
                // incidents and a digest of every scored point; -Dlookahead.update-golden=true approves a change
                .expectSameAs(Path.of("src/test/resources/example/golden"));
    }
}
