package dev.lookahead.training;

import dev.lookahead.model.ModelArchitecture;

/**
 * Offsets of every block in {@link dev.lookahead.model.LstmWeights}' documented flat vector, so the training code
 * can move weights in and out of ND4J arrays without reaching into the model package's private fields.
 */
final class FlatLayout {

    final ModelArchitecture arch;
    final int hidden;
    final int channels;
    final int[] wxOffset;
    final int[] wrOffset;
    final int[] bOffset;
    final int wyOffset;
    final int byOffset;

    FlatLayout(ModelArchitecture a) {
        this.arch = a;
        this.hidden = a.hidden();
        this.channels = a.channelCount();
        int g = 4 * hidden;
        wxOffset = new int[a.layers()];
        wrOffset = new int[a.layers()];
        bOffset = new int[a.layers()];
        int p = 0;
        for (int l = 0; l < a.layers(); l++) {
            wxOffset[l] = p;
            p += a.inputSize(l) * g;
            wrOffset[l] = p;
            p += hidden * g;
            bOffset[l] = p;
            p += g;
        }
        wyOffset = p;
        p += hidden * channels;
        byOffset = p;
        p += channels;
        if (p != a.parameterCount()) throw new IllegalStateException("layout mismatch: " + p + " vs " + a.parameterCount());
    }

    /** Shapes of the blocks, in flat order: per layer Wx [nIn,4H], Wr [H,4H], b [4H]; then Wy [H,C], by [C]. */
    long[][] shapes() {
        int layers = arch.layers();
        long[][] s = new long[3 * layers + 2][];
        for (int l = 0; l < layers; l++) {
            s[3 * l] = new long[]{arch.inputSize(l), 4L * hidden};
            s[3 * l + 1] = new long[]{hidden, 4L * hidden};
            s[3 * l + 2] = new long[]{4L * hidden};
        }
        s[3 * layers] = new long[]{hidden, channels};
        s[3 * layers + 1] = new long[]{channels};
        return s;
    }

    /** Flat offsets of the blocks, in the order of {@link #shapes()}. */
    int[] offsets() {
        int layers = arch.layers();
        int[] o = new int[3 * layers + 2];
        for (int l = 0; l < layers; l++) {
            o[3 * l] = wxOffset[l];
            o[3 * l + 1] = wrOffset[l];
            o[3 * l + 2] = bOffset[l];
        }
        o[3 * layers] = wyOffset;
        o[3 * layers + 1] = byOffset;
        return o;
    }

    /** Names used for the SameDiff variables, in the order of {@link #shapes()}. */
    String[] names() {
        int layers = arch.layers();
        String[] n = new String[3 * layers + 2];
        for (int l = 0; l < layers; l++) {
            n[3 * l] = "Wx" + l;
            n[3 * l + 1] = "Wr" + l;
            n[3 * l + 2] = "b" + l;
        }
        n[3 * layers] = "Wy";
        n[3 * layers + 1] = "by";
        return n;
    }

    static long size(long[] shape) {
        long n = 1;
        for (long d : shape) n *= d;
        return n;
    }
}
