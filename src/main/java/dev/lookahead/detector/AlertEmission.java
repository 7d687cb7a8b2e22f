package dev.lookahead.detector;

/** Which anomalous points of an incident are emitted as alerts. */
public enum AlertEmission {
    /** The first point of each incident only: one alert per incident. */
    FIRST,
    /** Every anomalous point, each carrying its incident id and points so far. */
    EVERY
}
