package dev.lookahead.nab.baseline;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Mersenne Twister against its authors' published test vector, and random() as CPython builds it. */
class PythonRandomTest {

    @Test
    void matchesTheReferenceOutputOfMt19937ar() {
        // mt19937ar.out (Matsumoto and Nishimura): init_by_array({0x123, 0x234, 0x345, 0x456}), first five genrand_int32()
        PythonRandom r = new PythonRandom(new long[]{0x123, 0x234, 0x345, 0x456});
        long[] first = new long[5];
        for (int i = 0; i < first.length; i++) first[i] = r.nextInt32();
        assertArrayEquals(new long[]{1067595299L, 955945823L, 477289528L, 4107218783L, 4228976476L}, first);
    }

    @Test
    void randomTakes53BitsFromTwoOutputs() {
        PythonRandom words = new PythonRandom(42), doubles = new PythonRandom(42);
        for (int i = 0; i < 1000; i++) {
            long a = words.nextInt32() >>> 5, b = words.nextInt32() >>> 6;
            double d = doubles.random();
            assertEquals((a * 67108864.0 + b) / 9007199254740992.0, d, 0.0);
            assertTrue(d >= 0 && d < 1);
        }
    }

    @Test
    void nabRandomRestartsTheSameSequenceForEveryFile() {
        double[] a = PythonRandom.nabRandomScores(10), b = PythonRandom.nabRandomScores(20);
        for (int i = 0; i < a.length; i++) assertEquals(a[i], b[i], 0.0);
        PythonRandom r = new PythonRandom(42);
        for (double v : b) assertEquals(r.random(), v, 0.0);
    }
}
