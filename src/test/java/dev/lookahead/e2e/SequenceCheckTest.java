package dev.lookahead.e2e;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The soak's per-key check: each case feeds the exact sequence it names. */
class SequenceCheckTest {

    private static final int[] THREE_EACH = {3, 3};

    private static SequenceCheck.Outcome run(long[][] keyAndIndex, int[] produced) {
        SequenceCheck c = new SequenceCheck(produced.length);
        for (long[] p : keyAndIndex) c.accept((int) p[0], p[1]);
        return c.outcome(produced);
    }

    @Test
    void everyPointOnceInOrderIsExactEvenInterleavedAcrossKeys() {
        SequenceCheck.Outcome o = run(new long[][]{{0, 0}, {1, 0}, {0, 1}, {1, 1}, {1, 2}, {0, 2}}, THREE_EACH);
        assertTrue(o.exact(), o::toString);
        assertEquals(2, o.keysComplete());
        assertEquals(6, o.accepted());
    }

    @Test
    void aPointCommittedTwiceIsADuplicate() {
        SequenceCheck.Outcome o = run(new long[][]{{0, 0}, {0, 1}, {0, 1}, {0, 2}, {1, 0}, {1, 1}, {1, 2}}, THREE_EACH);
        assertFalse(o.exact());
        assertEquals(1, o.duplicates());
        assertEquals(0, o.skips());
        assertEquals(2, o.keysComplete(), "the sequence itself completed; the duplicate alone fails it");
    }

    @Test
    void aSkippedPointIsASkipAndItsLateArrivalIsCounted() {
        SequenceCheck.Outcome o = run(new long[][]{{0, 0}, {0, 2}, {0, 1}, {1, 0}, {1, 1}, {1, 2}}, THREE_EACH);
        assertFalse(o.exact());
        assertEquals(1, o.skips());
        assertEquals(1, o.duplicates(), "point 1 after point 2: late");
    }

    @Test
    void pointsNeverCommittedAtTheEndAreMissing() {
        SequenceCheck.Outcome o = run(new long[][]{{0, 0}, {0, 1}, {0, 2}, {1, 0}}, THREE_EACH);
        assertFalse(o.exact());
        assertEquals(2, o.missing());
        assertEquals(1, o.keysComplete());
    }

    @Test
    void aKeyWithNothingCommittedIsIncomplete() {
        SequenceCheck.Outcome o = run(new long[][]{{0, 0}, {0, 1}, {0, 2}}, THREE_EACH);
        assertFalse(o.exact());
        assertEquals(3, o.missing());
    }
}
