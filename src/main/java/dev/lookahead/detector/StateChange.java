package dev.lookahead.detector;

/**
 * What restoring a key's state changed, by cause. Each cause is of one {@link Kind}: the stream runtimes count
 * resets in the metric {@code stateResets} and migrations in {@code stateMigrations}, tagged with
 * {@link #tag()}, and log each cause once with a sample key. None fails the job.
 */
public enum StateChange {
    /** The bytes cannot be read (truncated, unknown format, a section that does not parse): the key starts fresh. */
    CORRUPT(Kind.RESET_KEY, "the key's state bytes cannot be read: the key starts fresh"),
    /** A state of format 2 (before sections) whose layout does not fit this detector's settings: the key starts fresh. */
    LEGACY_LAYOUT(Kind.RESET_KEY, "a state of format 2 written under other settings or another model shape: the key starts fresh"),
    /** Another model architecture (hidden size, layers, channels, lanes): recurrent state and head correction start fresh. */
    MODEL_ARCHITECTURE(Kind.RESET_SECTIONS, "written under another model architecture: the recurrent state and head correction start fresh"),
    /** Another adaptation mode that cannot take the old correction: the head correction starts fresh. */
    ADAPTATION_MODE(Kind.RESET_SECTIONS, "written under another adaptation mode: the head correction starts fresh"),
    /** A section in a version newer than this release reads (a downgrade): that section starts fresh. */
    SECTION_VERSION(Kind.RESET_SECTIONS, "a section in a newer version than this release reads: it starts fresh"),
    /** A state of format 2 read under the settings that wrote it, and rewritten in sections. */
    LEGACY_FORMAT(Kind.MIGRATED, "a state of format 2 read and rewritten in sections"),
    /**
     * Written under another order policy: DROP to REORDER starts an empty buffer after the key's last point;
     * REORDER to DROP scores the held points before the next reading.
     */
    ORDER_POLICY(Kind.MIGRATED, "written under another order policy: the reorder buffer started empty, or its held points were released"),
    /** BIAS to READOUT: the learned bias is kept and the readout weights start at zero (the same forecast). */
    ADAPTATION_WIDENED(Kind.MIGRATED, "BIAS adaptation to READOUT: the bias kept, readout weights from zero"),
    /** A component the state did not have yet (written by an older release) starts fresh. */
    SECTION_ADDED(Kind.MIGRATED, "a component the state did not have yet starts fresh"),
    /** A section this release does not know (written by a newer one) is skipped. */
    SECTION_UNKNOWN(Kind.MIGRATED, "a section this release does not know is skipped");

    /** How much of a key's state a change costs. */
    public enum Kind {
        /** Everything the key learned is gone; it warms up again like a new key. */
        RESET_KEY,
        /** Some components start fresh; the rest (normalisation, error scale, incidents, ...) carries on. */
        RESET_SECTIONS,
        /** Nothing the key learned is lost. */
        MIGRATED
    }

    private final Kind kind;
    private final String meaning;

    StateChange(Kind kind, String meaning) {
        this.kind = kind;
        this.meaning = meaning;
    }

    public Kind kind() {
        return kind;
    }

    /** A reset (of the key or of sections), as opposed to a migration. */
    public boolean reset() {
        return kind != Kind.MIGRATED;
    }

    /** What it means, in a sentence. */
    public String meaning() {
        return meaning;
    }

    /** The metric tag: the name in lower case with dashes, e.g. {@code model-architecture}. */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
