package dev.lookahead.preprocessing;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Holds a key's points for up to {@code bound} millis of that key's own event time so points that arrive slightly
 * out of order are processed in time order. A point is released once the key has seen a point {@code bound}
 * later, or when the buffer is over capacity (oldest first). Points at or before the last released time are late
 * (or duplicates) and are refused with a reason.
 */
public final class ReorderBuffer {

    /** One buffered point: event time, values, and the caller's ordinal (input position). */
    public record Held(long time, double[] values, long ordinal, boolean arrivedOutOfOrder) { }

    private final List<Held> held = new ArrayList<>();   // sorted by time
    private long maxSeen = Long.MIN_VALUE;
    private long lastReleased = Long.MIN_VALUE;

    public int size() {
        return held.size();
    }

    /** Why {@link #offer} refused a point. */
    public enum Refusal {
        /** At the time of a point already released. */
        DUPLICATE_RELEASED,
        /** At the time of a point the buffer holds. */
        DUPLICATE_HELD,
        /** Before the last released point: beyond the bound. */
        LATE
    }

    /**
     * Offers a point. Returns null when accepted (releases may follow through {@code release}), or why it is
     * refused.
     */
    public Refusal offer(long time, double[] values, long ordinal, long bound, int capacity, Consumer<Held> release) {
        if (lastReleased != Long.MIN_VALUE && time <= lastReleased)
            return time == lastReleased ? Refusal.DUPLICATE_RELEASED : Refusal.LATE;
        int pos = held.size();
        while (pos > 0 && held.get(pos - 1).time() > time) pos--;
        if (pos > 0 && held.get(pos - 1).time() == time) return Refusal.DUPLICATE_HELD;
        boolean outOfOrder = time < maxSeen;
        held.add(pos, new Held(time, values.clone(), ordinal, outOfOrder));
        maxSeen = Math.max(maxSeen, time);
        while (!held.isEmpty() && (held.get(0).time() <= maxSeen - bound || held.size() > capacity)) {
            releaseFirst(release);
        }
        return null;
    }

    /** Time of the last released point, {@link Long#MIN_VALUE} before the first. */
    public long lastReleased() {
        return lastReleased;
    }

    /** The points held, oldest first (a view: do not keep it past the next offer). */
    public List<Held> held() {
        return java.util.Collections.unmodifiableList(held);
    }

    /**
     * Starts an empty buffer as if everything up to {@code time} had been released: a key that switches to
     * reordering keeps refusing points at or before its last processed one.
     */
    public void startAfter(long time) {
        held.clear();
        maxSeen = time;
        lastReleased = time;
    }

    /** Releases everything (end of input). */
    public void flush(Consumer<Held> release) {
        while (!held.isEmpty()) releaseFirst(release);
    }

    private void releaseFirst(Consumer<Held> release) {
        Held h = held.remove(0);
        lastReleased = h.time();
        release.accept(h);
    }

    public void write(DataOutput out, int channels) throws IOException {
        out.writeLong(maxSeen);
        out.writeLong(lastReleased);
        out.writeShort(held.size());
        for (Held h : held) {
            out.writeLong(h.time());
            out.writeLong(h.ordinal());
            out.writeBoolean(h.arrivedOutOfOrder());
            for (int i = 0; i < channels; i++) out.writeDouble(h.values()[i]);
        }
    }

    public void read(DataInput in, int channels) throws IOException {
        maxSeen = in.readLong();
        lastReleased = in.readLong();
        int n = in.readUnsignedShort();
        held.clear();
        for (int k = 0; k < n; k++) {
            long t = in.readLong();
            long ord = in.readLong();
            boolean ooo = in.readBoolean();
            double[] v = new double[channels];
            for (int i = 0; i < channels; i++) v[i] = in.readDouble();
            held.add(new Held(t, v, ord, ooo));
        }
    }
}
