package dev.lookahead.detector;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The compact binary form of a {@link KeyState}: a format byte, then fixed fields in a fixed order, floats for
 * the network's state and doubles where precision matters (a sensor's level). The layout is fixed by the
 * detector's shape (channels, lanes, hidden, layers, adaptation, order policy), which every reader of the bytes
 * shares; a format byte guards against reading another version's bytes.
 */
public final class KeyStateCodec {

    static final byte FORMAT = 2;   // 2: range and refractory clock
    private final Detector detector;

    public KeyStateCodec(Detector detector) {
        this.detector = detector;
    }

    /** The state's bytes (a fresh array). */
    public byte[] toBytes(KeyState s) {
        StateOutput out = new StateOutput(512);
        write(s, out);
        return out.toByteArray();
    }

    /** Appends the state's bytes to {@code out}: the stream runtimes' per-point path, with one reused buffer. */
    public void write(KeyState s, StateOutput out) {
        out.writeByte(FORMAT);
        out.writeLong(s.sequence);
        out.writeShort(s.warmUpRemaining);   // at most 32767 (DetectorConfig)
        out.writeLong(s.modelVersion);
        for (float v : s.h) out.writeFloat(v);
        for (float v : s.c) out.writeFloat(v);
        for (float v : s.forecast) out.writeFloat(v);
        try {
            s.normaliser.write(out);
            s.intervals.write(out);
            s.errors.write(out);
            s.likelihood.write(out);
            s.incidents.write(out);
            s.range.write(out);
            s.levelEvidence.write(out);
            s.errorEvidence.write(out);
            s.spreadEvidence.write(out);
            s.evidenceTail.write(out);
            s.profile.write(out);
            for (float v : s.shiftSum) out.writeFloat(v);
            if (s.shiftSum.length > 1) s.relations.write(out);
            s.correction.write(out);
            if (s.reorder != null) s.reorder.write(out, s.forecast.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // StateOutput does not throw; the parts' signatures do
        }
    }

    public KeyState fromBytes(byte[] bytes) {
        return read(new StateInput(bytes));
    }

    /** Reads a state that fills the rest of {@code in}. */
    public KeyState read(StateInput in) {
        return read(in, detector.blankState());
    }

    /** A state of this codec's detector with nothing in it, to be passed to {@link #read(StateInput, KeyState)} again and again. */
    public KeyState scratch() {
        return detector.blankState();
    }

    /**
     * Reads a state that fills the rest of {@code in} into {@code into} (from {@link #scratch()}), every field
     * overwritten: the per-point path reuses one object instead of allocating a state per point.
     */
    public KeyState read(StateInput in, KeyState into) {
        KeyState s = into;
        try {
            byte format = in.readByte();
            if (format != FORMAT)
                throw new IllegalArgumentException("key state has format " + format + ", this detector reads format " + FORMAT);
            s.sequence = in.readLong();
            s.warmUpRemaining = in.readShort();
            s.modelVersion = in.readLong();
            for (int i = 0; i < s.h.length; i++) s.h[i] = in.readFloat();
            for (int i = 0; i < s.c.length; i++) s.c[i] = in.readFloat();
            for (int i = 0; i < s.forecast.length; i++) s.forecast[i] = in.readFloat();
            s.normaliser.read(in);
            s.intervals.read(in);
            s.errors.read(in);
            s.likelihood.read(in);
            s.incidents.read(in);
            s.range.read(in);
            s.levelEvidence.read(in);
            s.errorEvidence.read(in);
            s.spreadEvidence.read(in);
            s.evidenceTail.read(in);
            s.profile.read(in);
            for (int i = 0; i < s.shiftSum.length; i++) s.shiftSum[i] = in.readFloat();
            if (s.shiftSum.length > 1) s.relations.read(in);
            s.correction.read(in);
            if (s.reorder != null) s.reorder.read(in, s.forecast.length);
            if (in.available() != 0)
                throw new IllegalArgumentException("key state has " + in.available() + " bytes more than this detector's shape; was it written by a detector with another model architecture or settings?");
        } catch (IOException e) {
            throw new IllegalArgumentException("key state bytes are truncated or not for this detector's shape: " + e, e);
        }
        return s;
    }
}
