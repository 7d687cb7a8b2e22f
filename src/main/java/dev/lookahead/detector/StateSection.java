package dev.lookahead.detector;

import java.io.IOException;

/**
 * One component of a key's state in the sectioned format: a tag (its identity, never reused), the version it is
 * written in, and a reader for every version up to that one. Framed by {@link KeyStateCodec} as
 * {@code tag (byte), version (byte), length (varint), body}, so a reader skips a tag it does not know, starts a
 * missing section fresh, and hands an older version to the reader for that version. See docs/ARCHITECTURE.md,
 * "Key state format", for how to add a section and how to evolve one.
 */
abstract class StateSection {

    final int tag;
    final String name;
    final int version;
    /** In the format-2 layout (before sections), where it followed the previous section unframed, in version 1. */
    final boolean inFormat2;

    StateSection(int tag, String name, int version, boolean inFormat2) {
        if (tag < 1 || tag > 255 || version < 1 || version > 255) throw new IllegalArgumentException(name + ": tag and version are bytes from 1");
        this.tag = tag;
        this.name = name;
        this.version = version;
        this.inFormat2 = inFormat2;
    }

    /** Whether a state of this shape holds the component (the reorder buffer only under REORDER, and so on). */
    boolean present(KeyState s) {
        return true;
    }

    /** Writes the component's body in {@link #version}. */
    abstract void write(KeyState s, StateOutput out) throws IOException;

    /**
     * Reads a body written in {@code version} (1 to {@link #version}) under {@code written} into {@code s}.
     *
     * @return null when read as it was written; a change whose {@link StateChange#reset()} is true to start the
     * section fresh instead (the codec skips the rest of its bytes); or a migration when it read what it could
     */
    abstract StateChange read(KeyState s, StateInput in, int version, StateHeader written, StateHeader now,
                              StateRestore report) throws IOException;

    /**
     * What it means that a state holds no such section (it starts fresh): by default a component added after the
     * state was written.
     */
    StateChange whenMissing(StateHeader written, StateHeader now) {
        return StateChange.SECTION_ADDED;
    }

    @Override
    public String toString() {
        return name + " (tag " + tag + ", version " + version + ")";
    }
}
