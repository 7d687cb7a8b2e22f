package dev.lookahead.nab.baseline;

/**
 * CPython's {@code random.Random}: the MT19937 Mersenne Twister seeded from an integer with {@code init_by_array}
 * (the integer's 32-bit words, least significant first) and {@code random()} built from two outputs with 53 bits.
 * NAB's "random" baseline calls {@code random.seed(42)} per file and takes {@code random.uniform(0, 1)} per row.
 */
public final class PythonRandom {

    private static final int N = 624, M = 397;
    private static final long MATRIX_A = 0x9908b0dfL, UPPER = 0x80000000L, LOWER = 0x7fffffffL, MASK = 0xffffffffL;

    private final long[] mt = new long[N];
    private int mti;

    /** {@code random.seed(seed)} for a non-negative seed below 2^32 (NAB uses 42). */
    public PythonRandom(long seed) {
        if (seed < 0 || seed > MASK) throw new IllegalArgumentException("seed " + seed + ": expected 0 .. 2^32-1");
        initByArray(new long[]{seed});
    }

    /** Seeded with {@code init_by_array(key)} as the reference implementation (mt19937ar.c) does. */
    PythonRandom(long[] key) {
        initByArray(key);
    }

    private void initGenrand(long s) {
        mt[0] = s & MASK;
        for (mti = 1; mti < N; mti++) mt[mti] = (1812433253L * (mt[mti - 1] ^ (mt[mti - 1] >>> 30)) + mti) & MASK;
    }

    private void initByArray(long[] key) {
        initGenrand(19650218L);
        int i = 1, j = 0;
        for (int k = Math.max(N, key.length); k > 0; k--) {
            mt[i] = ((mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1664525L)) + key[j] + j) & MASK;
            i++;
            j++;
            if (i >= N) {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if (j >= key.length) j = 0;
        }
        for (int k = N - 1; k > 0; k--) {
            mt[i] = ((mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1566083941L)) - i) & MASK;
            i++;
            if (i >= N) {
                mt[0] = mt[N - 1];
                i = 1;
            }
        }
        mt[0] = 0x80000000L;   // non-zero initial state
    }

    /** The next 32-bit output, as an unsigned value. */
    long nextInt32() {
        if (mti >= N) {
            int kk;
            for (kk = 0; kk < N - M; kk++) {
                long y = (mt[kk] & UPPER) | (mt[kk + 1] & LOWER);
                mt[kk] = mt[kk + M] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
            }
            for (; kk < N - 1; kk++) {
                long y = (mt[kk] & UPPER) | (mt[kk + 1] & LOWER);
                mt[kk] = mt[kk + (M - N)] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
            }
            long y = (mt[N - 1] & UPPER) | (mt[0] & LOWER);
            mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
            mti = 0;
        }
        long y = mt[mti++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680L;
        y ^= (y << 15) & 0xefc60000L;
        y ^= y >>> 18;
        return y & MASK;
    }

    /** {@code random.random()}: 27 + 26 bits of two outputs, in [0, 1). */
    public double random() {
        long a = nextInt32() >>> 5, b = nextInt32() >>> 6;
        return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
    }

    /** NAB's "random" detector on a series of {@code rows} rows: {@code random.seed(42)}, then one uniform(0, 1) per row. */
    public static double[] nabRandomScores(int rows) {
        PythonRandom r = new PythonRandom(42);
        double[] out = new double[rows];
        for (int i = 0; i < rows; i++) out[i] = 0 + (1 - 0) * r.random();   // random.uniform(a, b) = a + (b - a) * random()
        return out;
    }
}
