package dev.lookahead.scoring;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LevelSwitchesTest {

    private static final double SPREAD = 1;

    /** Switches channel 0 between 0 and {@code on} {@code times} times each way, learning while {@code learn}. */
    private static void cycle(LevelSwitches s, double on, int times, boolean learn) {
        for (int i = 0; i < times; i++) {
            s.judge(0, on, 0, SPREAD, on, learn, true);
            s.judge(0, 0, on, SPREAD, -on, learn, true);
        }
    }

    @Test
    void aJumpToALevelCountedOftenEnoughIsJudgedByThatLevel() {
        LevelSwitches s = new LevelSwitches(1);
        cycle(s, 50, LevelSwitches.TRUST - 1, true);
        assertEquals(50.5, s.judge(0, 50.5, 0, SPREAD, 50.5, true, true), "four times each way: still the forecast's error");
        assertEquals(-50.3, s.judge(0, 0.2, 50.5, SPREAD, -50.3, true, true), "0 too, counted for the fifth time just now");
        assertEquals(0.5, s.judge(0, 50.5, 0.2, SPREAD, 50.3, true, true), 0.1, "both trusted: judged by the level 50 (which follows the jumps slowly)");
        assertEquals(0.2, s.judge(0, 0.2, 50.5, SPREAD, -50.3, true, true), 0.1, "and by the level 0 it came back to");
    }

    @Test
    void aThirdLevelIsJudgedByTheForecastAndTakesNoTrustedLevelsPlace() {
        LevelSwitches s = new LevelSwitches(1);
        cycle(s, 50, 8, true);
        for (int i = 0; i < 10; i++) {
            assertEquals(80.0, s.judge(0, 80, 0, SPREAD, 80, true, true), "an overpressure: judged by its forecast, every time");
            s.judge(0, 0, 80, SPREAD, -80, true, true);
        }
        assertTrue(Math.abs(s.judge(0, 50, 0, SPREAD, 50, true, true)) < 1, "the pump's own level is still trusted");
    }

    @Test
    void levelsAreLearnedOnlyWhileTheKeyIsNormal() {
        LevelSwitches s = new LevelSwitches(1);
        cycle(s, 50, 10, false);
        assertEquals(0, s.count(0, 0) + s.count(0, 1));
        assertEquals(50.0, s.judge(0, 50, 0, SPREAD, 50, false, true), "jumps during an incident teach nothing");
    }

    @Test
    void afterAUsualSwitchTheSettlingPointsAreJudgedByTheLastValueButAJumpIsNot() {
        LevelSwitches s = new LevelSwitches(1);
        cycle(s, 50, 8, true);
        s.judge(0, 50, 0, SPREAD, 50, true, true);
        assertEquals(LevelSwitches.SETTLE, s.settling(0));
        // the forecaster overshoots by 6: a point at 50.3 after 50 is judged by its step of 0.3
        assertEquals(0.3, s.judge(0, 50.3, 50, SPREAD, -5.7, true, true), 1e-9);
        assertEquals(20.0, s.judge(0, 70.3, 50.3, SPREAD, 20, true, true), "a jump while settling: its forecast's error");
        for (int i = 0; i < LevelSwitches.SETTLE; i++) s.judge(0, 50, 50, SPREAD, 0, true, true);
        assertEquals(0, s.settling(0));
        assertEquals(-5.7, s.judge(0, 50.3, 50, SPREAD, -5.7, true, true), "settled: the forecast's error again");
    }

    @Test
    void aLevelLeftForGoodIsForgottenAndANewOneLearned() {
        LevelSwitches s = new LevelSwitches(1);
        cycle(s, 50, 20, true);
        assertEquals(LevelSwitches.MAX_COUNT, s.count(0, 0));
        // the pump now runs at 60: judged by its forecast while 50 is still trusted
        for (int i = 0; i < 5; i++) {
            assertEquals(60.0, s.judge(0, 60, 0, SPREAD, 60, true, true));
            s.judge(0, 0, 60, SPREAD, -60, true, true);
        }
        // two halvings put 50's count of 15 under the trust; then 60 takes its place in five jumps
        s.age(LevelSwitches.HALVE_EVERY);
        s.age(2L * LevelSwitches.HALVE_EVERY);
        cycle(s, 60, LevelSwitches.TRUST, true);
        assertTrue(Math.abs(s.judge(0, 60, 0, SPREAD, 60, true, true)) < 1, "60 is the pump's level now");
    }

    @Test
    void aKeyReadFasterThanAMinuteHalvesItsCountsEvery5000MinutesOfEventTime() {
        LevelSwitches s = new LevelSwitches(1);
        cycle(s, 50, 20, true);
        assertEquals(LevelSwitches.MAX_COUNT, s.count(0, 0));
        long period = LevelSwitches.HALVE_EVERY * 60_000L, t = 1_700_000_000_000L - Math.floorMod(1_700_000_000_000L, period);
        s.ageByTime(t + 10_000, t + 20_000);
        s.ageByTime(t + period - 20_000, t + period - 10_000);
        assertEquals(LevelSwitches.MAX_COUNT, s.count(0, 0), "no halving within a period, however many points");
        s.ageByTime(t + period - 10_000, t + period);
        assertEquals(7, s.count(0, 0), "halved once at the boundary");
        s.ageByTime(t + period, t + 3 * period + 5);
        assertEquals(1, s.count(0, 0), "a pause over two boundaries halves twice");
        cycle(s, 50, 20, true);
        s.ageByTime(t, t + 100 * period);
        assertEquals(0, s.count(0, 0), "a long pause empties it");
    }

    @Test
    void aChannelWithoutALastValueOrSpreadIsJudgedByItsForecast() {
        LevelSwitches s = new LevelSwitches(2);
        assertEquals(3.0, s.judge(1, 3, Double.NaN, SPREAD, 3, true, true));
        assertEquals(3.0, s.judge(1, 3, 0, 0, 3, true, true));
    }

    @Test
    void aChannelWhoseStatesHoldTheirLevelIsSteadyAndOneThatLeavesFromElsewhereIsNot() {
        LevelSwitches s = new LevelSwitches(1);
        cycle(s, 50, 8, true);
        assertTrue(s.steady(0), "its jumps left from its levels: " + s.departures(0) + " in a row");
        // the run climbed from 50 to 58 before it stopped: it left from no level of its own
        s.judge(0, 50, 0, SPREAD, 50, true, true);
        s.judge(0, 0, 58, SPREAD, -58, true, true);
        assertEquals(0, s.departures(0));
        assertFalse(s.steady(0));
        s.judge(0, 50, 0, SPREAD, 50, true, true);
        assertFalse(s.steady(0), "one departure from a level is not yet two in a row");
        s.judge(0, 0, 50, SPREAD, -50, true, true);
        assertTrue(s.steady(0), "two in a row");
        // an incident's jumps (the key not normal) count neither way
        s.judge(0, 0, 58, SPREAD, -58, false, true);
        assertTrue(s.steady(0));
        // a jump to a third level, farther than a quarter of the swing from both, and it is not keeping to its two
        s.judge(0, 100, 0, SPREAD, 100, true, true);
        assertEquals(0, s.departures(0), "a valve's third position");
        s.judge(0, 0, 100, SPREAD, -100, true, true);
        s.judge(0, 56, 0, SPREAD, 56, true, true);
        assertEquals(1, s.departures(0), "a run at 56 is a little off the level 50, not a third one: it counts");
        s.judge(0, 0, 50, SPREAD, -50, true, true);
        assertTrue(s.steady(0));
        assertEquals(LevelSwitches.SETTLE, s.settling(0), "the settling left, in the same byte, counts on its own");
    }
}
