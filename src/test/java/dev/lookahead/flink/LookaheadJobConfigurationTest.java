package dev.lookahead.flink;

import dev.lookahead.config.RuntimeSettings;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The Flink configuration the job adds to the cluster's: a restart strategy only when job.restart-attempts is set. */
class LookaheadJobConfigurationTest {

    @Test
    void noRestartAttemptsLeavesTheClustersStrategyAndAttemptsUseTheConfiguredDelay() {
        Configuration none = LookaheadJob.flinkConfiguration(RuntimeSettings.builder().build());
        assertFalse(none.contains(RestartStrategyOptions.RESTART_STRATEGY), "the cluster's own restart strategy");
        Configuration fixed = LookaheadJob.flinkConfiguration(RuntimeSettings.builder().restartAttempts(3).build());
        assertEquals("fixed-delay", fixed.get(RestartStrategyOptions.RESTART_STRATEGY));
        assertEquals(3, fixed.get(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS));
        assertEquals(Duration.ofSeconds(10), fixed.get(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY), "job.restart-delay-ms's default");
        Configuration quick = LookaheadJob.flinkConfiguration(RuntimeSettings.builder().restartAttempts(5).restartDelayMillis(200).build());
        assertEquals(Duration.ofMillis(200), quick.get(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY));
    }
}
