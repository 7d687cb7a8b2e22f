package dev.lookahead.cli;

import dev.lookahead.detector.Adaptation;
import dev.lookahead.detector.AlertEmission;
import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.detector.OrderPolicy;
import dev.lookahead.model.StepKernelType;
import dev.lookahead.scoring.ScoreDirection;
import picocli.CommandLine.Option;

/** Detector settings as flags; unset flags keep {@link DetectorConfig}'s defaults. */
final class DetectorOptions {

    @Option(names = "--threshold", paramLabel = "SCORE", description = "Anomaly-score threshold in (0,1]; 0.5 = tail probability 1e-5 (default 0.5).")
    Double threshold;

    @Option(names = "--direction", paramLabel = "DIR", description = "Deviations that count: ${COMPLETION-CANDIDATES} (default BOTH).")
    ScoreDirection direction;

    @Option(names = "--warm-up", paramLabel = "POINTS", description = "A new key's first points are never anomalous (default 64).")
    Integer warmUp;

    @Option(names = "--stuck-detection", negatable = true, description = "Also flag a sensor whose errors vanish (flatline) (default on).")
    Boolean stuckDetection;

    @Option(names = "--adaptation", paramLabel = "MODE", description = "Per-key online adaptation: ${COMPLETION-CANDIDATES} (default READOUT).")
    Adaptation adaptation;

    @Option(names = "--order-policy", paramLabel = "POLICY", description = "Out-of-order points: ${COMPLETION-CANDIDATES} (default DROP).")
    OrderPolicy orderPolicy;

    @Option(names = "--reorder-bound", paramLabel = "MILLIS", description = "How far back REORDER waits, in the key's event time (default 0).")
    Long reorderBound;

    @Option(names = "--max-imputed-steps", paramLabel = "N", description = "Gaps up to N missing steps are imputed; longer reset the key (default 16).")
    Integer maxImputedSteps;

    @Option(names = "--alerts", paramLabel = "EMIT", description = "Alerts per incident: ${COMPLETION-CANDIDATES} (default FIRST).")
    AlertEmission alerts;

    @Option(names = "--alert-refractory", paramLabel = "POINTS", description = "No new alert within this many of a key's points after its last one (default 0 = off).")
    Integer alertRefractory;

    @Option(names = "--range-margin", paramLabel = "FRACTION", description = "Score a value beyond the key's range so far by more than this fraction of it (default 0 = off).")
    Double rangeMargin;
    @Option(names = "--step-kernel", paramLabel = "KERNEL", description = "LSTM step: ${COMPLETION-CANDIDATES} (default SCALAR; VECTOR needs --add-modules jdk.incubator.vector).")
    StepKernelType stepKernel;

    DetectorConfig toConfig() {
        DetectorConfig.Builder b = DetectorConfig.builder();
        if (threshold != null) b.threshold(threshold);
        if (direction != null) b.direction(direction);
        if (warmUp != null) {
            b.warmUpPoints(warmUp);
            b.settlePoints(Math.min(warmUp, DetectorConfig.defaults().settlePoints()));
        }
        if (stuckDetection != null) b.stuckDetection(stuckDetection);
        if (adaptation != null) b.adaptation(adaptation);
        if (orderPolicy != null) b.orderPolicy(orderPolicy);
        if (reorderBound != null) b.reorderBoundMillis(reorderBound);
        if (maxImputedSteps != null) b.maxImputedSteps(maxImputedSteps);
        if (alerts != null) b.alertEmission(alerts);
        if (alertRefractory != null) b.alertRefractoryPoints(alertRefractory);
        if (rangeMargin != null) b.rangeMargin(rangeMargin);
        if (stepKernel != null) b.stepKernel(stepKernel);
        return b.build();
    }
}
