package dev.lookahead.e2e;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The soak's short variant, the same code as {@code bench soak}: a real broker and the real job exactly-once in a
 * local Flink, task failures injected on a schedule. Every point in comes out committed exactly once, each key's
 * sequence complete and in order, and every injected failure happened and restarted the job. The heap samples are
 * recorded; whether they stay flat is the benchmark's to say (HeapTrendTest checks the verdict itself).
 */
class SoakBenchTest {

    @Test
    void aTenSecondSoakWithThreeInjectedFailuresCommitsEveryPointOnceInOrder() throws Exception {
        StringWriter log = new StringWriter();
        SoakResult r = new SoakBench(new SoakBench.Options(300, 2, Duration.ofSeconds(10), Duration.ofSeconds(3), Duration.ofSeconds(2),
                0.5, 3000, 5, 500, null, List.of(), 7), new PrintWriter(log, true)).run();
        System.out.print(log);
        System.out.print(r.markdown());
        assertEquals(3, r.failuresArmed(), "failures at 3, 6 and 9 s");
        assertEquals(3, r.failuresThrown(), "every armed failure was thrown by a task");
        assertTrue(r.restarts() >= 3, "the job restarted after each: " + r.restarts());
        assertEquals(300L * 5 + 10 * 3000, r.pointsIn(), "the calibration's points, then 10 s x 3,000 points/s");
        assertEquals(r.pointsIn(), r.committed(), "every point in is committed once");
        assertTrue(r.sequence().exact(), "each key's sequence complete and in order: " + r.sequence());
        assertEquals(300, r.sequence().keysComplete());
        assertEquals(0, r.deadLetters());
        assertTrue(r.heapSamples().size() >= 3, "a heap sample after each requested full GC: " + r.heapSamples());
        assertTrue(r.exactlyOnce());
    }
}
