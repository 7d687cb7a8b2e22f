package dev.lookahead.model;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What normal looks like for a model's keys: a key's state after the detector scored a fault-free recording
 * ({@code lookahead train} or {@code calibrate} on one series). A key of its channels the detector has not seen
 * starts from it as a new run, so it judges its first fault against the recording's scales, channel relations and evidence ranges rather than against
 * the few hundred points of its own it has seen.
 *
 * @param state    the key state's bytes, header first (KeyStateCodec)
 * @param channels the channels of the keys that start from it: keys of other channels (a univariate model serves
 *                 keys of any) start from nothing
 * @param points   points of the recording it learned from
 * @param data     what the recording was, in words
 */
public record NormalState(byte[] state, List<String> channels, long points, String data) {

    public NormalState {
        Objects.requireNonNull(state, "state");
        channels = List.copyOf(channels);
        Objects.requireNonNull(data, "data");
        if (state.length == 0) throw new IllegalArgumentException("a normal state has bytes");
        state = state.clone();
    }

    @Override
    public byte[] state() {
        return state.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NormalState n && points == n.points && channels.equals(n.channels) && data.equals(n.data)
                && Arrays.equals(state, n.state);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(state) + data.hashCode();
    }

    @Override
    public String toString() {
        return "NormalState[" + state.length + " bytes of " + channels + ", " + points + " points of " + data + "]";
    }
}
