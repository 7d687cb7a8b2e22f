package dev.lookahead.model;

import java.util.Objects;

/**
 * An immutable, versioned model: architecture, weights and provenance. Every scored point names
 * {@link #versionId()} of the model that produced its forecast.
 *
 * @param group      model group: the models of one deployment and channel layout
 * @param version    monotonically increasing within the group
 * @param weights    the weights (their architecture is the model's)
 * @param provenance how it was made
 * @param calibration its threshold set on normal data, or null (then detector.threshold applies)
 * @param normalState the state a key it has not seen starts from, or null (then a new key starts from nothing)
 */
public record LstmModel(String group, long version, LstmWeights weights, Provenance provenance, Calibration calibration,
                        NormalState normalState) {

    /** A model without a calibration or a normal state. */
    public LstmModel(String group, long version, LstmWeights weights, Provenance provenance) {
        this(group, version, weights, provenance, null, null);
    }

    /** A model without a normal state. */
    public LstmModel(String group, long version, LstmWeights weights, Provenance provenance, Calibration calibration) {
        this(group, version, weights, provenance, calibration, null);
    }

    /** This model with {@code c} as its calibration. */
    public LstmModel withCalibration(Calibration c) {
        return new LstmModel(group, version, weights, provenance, c, normalState);
    }

    /** This model with {@code n} as the state its new keys start from. */
    public LstmModel withNormalState(NormalState n) {
        return new LstmModel(group, version, weights, provenance, calibration, n);
    }

    public LstmModel {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(provenance, "provenance");
        if (group.isBlank() || group.contains(":")) throw new IllegalArgumentException("model group must be non-blank without ':', was '" + group + "'");
        if (version < 0) throw new IllegalArgumentException("model version must be >= 0, was " + version);
    }

    public ModelArchitecture architecture() {
        return weights.architecture();
    }

    /** {@code group:version}, the id written on every output. */
    public String versionId() {
        return group + ":" + version;
    }
}
