package dev.lookahead.finetune;

import dev.lookahead.training.TrainingWindow;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reservoir is bounded, seeded, spans its whole period, and a round empties it; the schedule fires on time. */
class WindowReservoirTest {

    private static TimedWindow window(long i) {
        float[][] x = {{i}, {i}};
        return new TimedWindow("k" + (i % 7), new TrainingWindow(x, x), i, i + 1);
    }

    private static WindowReservoir.Sample fill(long seed, int n) {
        WindowReservoir r = new WindowReservoir(FineTuneConfig.builder().reservoirWindows(50).validationWindows(10)
                .minTrainWindows(10).minValidationWindows(5).validationFraction(0.2).seed(seed).build());
        for (int i = 0; i < n; i++) r.offer(window(i));
        assertEquals(n, r.seen());
        return r.take();
    }

    @Test
    void boundedUniformAcrossThePeriodAndDeterministic() {
        WindowReservoir.Sample s = fill(1, 10_000);
        assertEquals(50, s.train().size());
        assertEquals(10, s.validation().size());
        // a uniform sample of 0..9999: not just the first or the last windows
        long early = s.train().stream().filter(w -> w.from() < 5000).count();
        assertTrue(early > 10 && early < 40, "windows from the first half: " + early);
        assertEquals(froms(s), froms(fill(1, 10_000)), "same seed, same sample");
        assertNotEquals(froms(s), froms(fill(2, 10_000)), "another seed, another sample");
        for (TimedWindow v : s.validation()) assertFalse(s.train().contains(v), "held-back windows are never trained on");
    }

    private static List<Long> froms(WindowReservoir.Sample s) {
        return s.train().stream().map(TimedWindow::from).toList();
    }

    @Test
    void takeEmptiesItForTheNextPeriod() {
        WindowReservoir r = new WindowReservoir(FineTuneConfig.defaults());
        for (int i = 0; i < 100; i++) r.offer(window(i));
        WindowReservoir.Sample first = r.take();
        assertEquals(100, first.train().size() + first.validation().size(), "under capacity every window is kept");
        assertEquals(0, r.trainSize() + r.validationSize());
        assertEquals(0, r.seen());
        for (int i = 100; i < 110; i++) r.offer(window(i));
        assertTrue(r.take().train().stream().allMatch(w -> w.from() >= 100), "only the new period's windows");
    }

    @Test
    void scheduleFiresEveryNPointsOrTOfEventTime() {
        RoundSchedule byPoints = new RoundSchedule(FineTuneConfig.builder().roundEveryPoints(3).build());
        byPoints.onPoint(0);
        byPoints.onPoint(1);
        assertFalse(byPoints.due());
        byPoints.onPoint(2);
        assertTrue(byPoints.due());
        byPoints.restart();
        assertFalse(byPoints.due());

        RoundSchedule byTime = new RoundSchedule(FineTuneConfig.builder().roundEveryPoints(0).roundEveryMillis(1000).build());
        byTime.onPoint(5_000);
        byTime.onPoint(5_999);
        assertFalse(byTime.due());
        byTime.onPoint(4_000);   // a late point does not move event time back
        byTime.onPoint(6_000);
        assertTrue(byTime.due());
        byTime.restart();
        byTime.onPoint(6_500);
        assertFalse(byTime.due(), "the new period starts at the latest time seen");
    }

    @Test
    void configNamesTheKeyAndTheAllowedValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FineTuneConfig.builder().roundEveryPoints(0).roundEveryMillis(0).build());
        assertEquals("fine-tune.round-every-points: 0 is not allowed; expected > 0 when round-every-ms is 0"
                + " (one of them must schedule rounds)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FineTuneConfig.builder().margin(-0.1).build());
        assertEquals("fine-tune.margin: -0.1 is not allowed; expected a number in [0, 1]", e.getMessage());
    }
}
