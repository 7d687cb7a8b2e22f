package dev.lookahead.detector;

import dev.lookahead.preprocessing.ReorderBuffer;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What reading one key's state found and did: the {@link StateChange}s (each at most once per read, with the first
 * detail), and the points a reorder buffer held that the reading released (REORDER to DROP). Reused from read to
 * read by {@link KeyStateCodec#read(StateInput, KeyState, StateRestore)}: nothing is allocated while a state reads
 * as written.
 */
public final class StateRestore {

    private static final StateChange[] ALL = StateChange.values();
    private int changes;   // bit per StateChange ordinal
    private final String[] details = new String[ALL.length];
    private List<ReorderBuffer.Held> released = List.of();

    /** Forgets the last read. */
    public StateRestore clear() {
        changes = 0;
        if (!released.isEmpty()) released = List.of();
        return this;
    }

    /** The state read as it was written: nothing reset or migrated. */
    public boolean isEmpty() {
        return changes == 0;
    }

    public boolean has(StateChange c) {
        return (changes & (1 << c.ordinal())) != 0;
    }

    public Set<StateChange> changes() {
        EnumSet<StateChange> out = EnumSet.noneOf(StateChange.class);
        for (StateChange c : ALL) if (has(c)) out.add(c);
        return out;
    }

    /** What exactly, for a change this read made (names the settings or sections involved). */
    public String detail(StateChange c) {
        return has(c) ? details[c.ordinal()] : null;
    }

    /** Points held by a REORDER buffer, oldest first, for {@link Detector#release} before the next reading. */
    public List<ReorderBuffer.Held> released() {
        return released;
    }

    void add(StateChange c, String detail) {
        if (has(c)) return;
        changes |= 1 << c.ordinal();
        details[c.ordinal()] = detail;
    }

    void released(List<ReorderBuffer.Held> held) {
        released = List.copyOf(held);
    }
}
