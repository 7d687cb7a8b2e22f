package dev.lookahead.api;

import dev.lookahead.stream.ModelTracker;

/**
 * What became of a model snapshot offered to a detector ({@link KeyedDetector#offerModel}): the switch rule of the
 * Flink job and the Streams application, which follow the models topic the same way. A snapshot is adopted when it
 * is of the running model's group, of a higher version and of the same architecture.
 */
public enum ModelOffer {
    /** Adopted: it scores every key from the key's next point. */
    ADOPTED,
    /** The model already in force. */
    CURRENT,
    /** Another deployment's model group. */
    FOREIGN_GROUP,
    /** Not a higher version than the one in force. */
    NOT_NEWER,
    /** Another architecture than the one in force (that needs a new detector; the key states then migrate). */
    OTHER_ARCHITECTURE,
    /** Not a ModelSnapshot this release reads. */
    UNREADABLE;

    static ModelOffer of(ModelTracker.Verdict v) {
        return valueOf(v.name());
    }
}
