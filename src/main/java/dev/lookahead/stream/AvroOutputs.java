package dev.lookahead.stream;

import dev.lookahead.avro.Anomaly;
import dev.lookahead.avro.AnomalyStatus;
import dev.lookahead.avro.ChannelScore;
import dev.lookahead.avro.DeadLetter;
import dev.lookahead.avro.Direction;
import dev.lookahead.avro.PointFlags;
import dev.lookahead.avro.ScoredPoint;
import dev.lookahead.detector.PointResult;
import dev.lookahead.scoring.IncidentStatus;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Detector verdicts to the Avro records the output topics carry. */
public final class AvroOutputs {

    private AvroOutputs() {
    }

    public static ScoredPoint scoredPoint(PointResult p) {
        List<ChannelScore> cs = new ArrayList<>(p.channels().size());
        for (int c = 0; c < p.channels().size(); c++)
            cs.add(ChannelScore.newBuilder().setName(p.channels().get(c)).setActual(p.actual()[c])
                    .setForecast(p.forecast()[c]).setForecastStd(p.forecastStd()[c]).setResidual(p.residual()[c])
                    .setStandardisedError(p.standardisedError()[c]).setContribution(p.contribution()[c])
                    .setImputed(p.imputed()[c]).build());
        return ScoredPoint.newBuilder().setKey(p.key()).setTime(Instant.ofEpochMilli(p.time())).setSequence(p.sequence())
                .setChannels(cs).setRawScore(p.rawScore()).setAnomalyScore(p.anomalyScore()).setAnomaly(p.anomaly())
                .setModelVersion(p.modelVersion())
                .setFlags(PointFlags.newBuilder().setWarmUp(p.warmUp()).setImputed(p.anyImputed()).setGapSteps(p.gapSteps())
                        .setStateReset(p.stateReset()).setOutOfOrder(p.outOfOrder()).build())
                .setIncidentPoints(p.incidentPoints())
                .setAlert(p.emitAlert()).setAlertScore(p.alertScore())
                .setIncidentStatus(dev.lookahead.avro.IncidentStatus.valueOf(p.incidentStatus().name()))
                .setIncidentId(p.incidentStatus() == IncidentStatus.NONE ? null : p.incidentId())
                .setEvidenceScore(p.evidenceScore())
                .setTopChannel(p.deviatedChannel())
                .setUsualLevel(usualLevel(p))
                .build();
    }

    /**
     * The anomaly record a verdict gives, or null for none: an alert opens its incident (OPEN) or, raised inside
     * one (an out-of-range value, or every anomalous point with alert-emission EVERY), updates it (UPDATE); an
     * incident that alerted is reported again when it ends (CLOSED or NEW_NORMAL), so consumers can resolve it.
     */
    public static AnomalyStatus recordStatus(PointResult p) {
        if (p.emitAlert()) return p.incidentStatus() == IncidentStatus.OPENED ? AnomalyStatus.OPEN : AnomalyStatus.UPDATE;
        if (!p.incidentAlerted()) return null;
        return switch (p.incidentStatus()) {
            case CLOSED -> AnomalyStatus.CLOSED;
            case NEW_NORMAL -> AnomalyStatus.NEW_NORMAL;
            default -> null;
        };
    }

    public static Anomaly anomaly(PointResult p, ScoredPoint sp, double threshold, AnomalyStatus status) {
        return Anomaly.newBuilder().setPoint(sp).setThreshold(threshold)
                .setDirection(p.above() ? Direction.ABOVE : Direction.BELOW)
                .setTopChannel(p.channels().get(p.topChannel())).setIncidentId(p.incidentId())
                .setFirstSeen(Instant.ofEpochMilli(p.incidentFirstSeen())).setPointsSoFar(p.incidentPoints())
                .setStatus(status).setDurationMs(p.time() - p.incidentFirstSeen())
                .setUsualLevel(usualLevel(p))
                .build();
    }

    /** Where the top channel of an anomalous point should be, or null (another point, or not judged over time). */
    private static Double usualLevel(PointResult p) {
        double u = p.deviatedUsualLevel();
        return Double.isFinite(u) ? u : null;
    }

    /** A dead letter for {@code raw}; source coordinates may be null (e.g. a test). */
    public static DeadLetter deadLetter(byte[] raw, byte[] rawKey, String topic, Integer partition, Long offset,
                                        Rejection why, long nowMillis) {
        return DeadLetter.newBuilder().setRaw(ByteBuffer.wrap(raw == null ? new byte[0] : raw))
                .setRawKey(rawKey == null ? null : ByteBuffer.wrap(rawKey)).setSourceTopic(topic)
                .setSourcePartition(partition).setSourceOffset(offset).setReason(why.reason())
                .setErrorClass(why.errorClass()).setTime(Instant.ofEpochMilli(nowMillis)).build();
    }
}
