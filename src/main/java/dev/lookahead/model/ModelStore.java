package dev.lookahead.model;

import java.util.Optional;

/**
 * Where versioned model snapshots live, by model group: the fine-tuner puts each accepted model, and a starting
 * (or restarting) job reads the latest of its group. Implementations: {@link FileModelStore} (a directory), and a
 * compacted Kafka topic keyed by group whose values are {@link ModelSnapshots#toBytes} (plain Avro binary of
 * {@code ModelSnapshot}); compaction keeps the latest per group, which is exactly {@link #latest}.
 *
 * <p>Versions within a group only go up: {@link #put} of a version not above the group's latest fails, so two
 * writers racing on one group cannot silently replace each other's model (run one fine-tuner per group).
 */
public interface ModelStore {

    /**
     * Stores {@code model} as its group's latest.
     *
     * @throws IllegalStateException when the group already has this or a later version
     */
    void put(LstmModel model);

    /** The group's highest version, if any. */
    Optional<LstmModel> latest(String group);
}
