package dev.lookahead.detector;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DetectorConfigTest {

    private static String failure(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void badValuesNameTheKeyAndWhatIsAllowed() {
        assertEquals("detector.threshold: 1.5 is not allowed; expected a number in (0, 1]",
                failure(() -> DetectorConfig.builder().threshold(1.5).build()));
        assertEquals("detector.threshold: NaN is not allowed; expected a number in (0, 1]",
                failure(() -> DetectorConfig.builder().threshold(Double.NaN).build()));
        assertEquals("detector.warm-up-points: -1 is not allowed; expected an integer in [0, 32767]",
                failure(() -> DetectorConfig.builder().warmUpPoints(-1).build()));
        assertEquals("detector.alert-refractory-points: -5 is not allowed; expected an integer in [0, 32767] (0 = off)",
                failure(() -> DetectorConfig.builder().alertRefractoryPoints(-5).build()));
        assertEquals("detector.range-margin: -0.1 is not allowed; expected a number in [0, 1000000]",
                failure(() -> DetectorConfig.builder().rangeMargin(-0.1).build()));
        assertEquals("detector.range-after-points: 0 is not allowed; expected an integer >= 1",
                failure(() -> DetectorConfig.builder().rangeAfterPoints(0).build()));
        assertEquals("detector.settle-points: 20 is not allowed; expected an integer in [0, warm-up-points = 10]",
                failure(() -> DetectorConfig.builder().warmUpPoints(10).settlePoints(20).build()));
        assertEquals("detector.gap-factor: 0.5 is not allowed; expected a number in (1, 1000000]",
                failure(() -> DetectorConfig.builder().gapFactor(0.5).build()));
        assertEquals("detector.direction: null is not allowed; expected one of [UP, DOWN, BOTH]",
                failure(() -> DetectorConfig.builder().direction(null).build()));
        assertEquals("detector.channels: [a, a] is not allowed; expected a non-empty list of distinct channel names",
                failure(() -> DetectorConfig.builder().channels(List.of("a", "a")).build()));
    }

    @Test
    void aShortWarmUpAloneBuildsItsSettlePointsFollowUnlessSet() {
        assertEquals(8, DetectorConfig.builder().warmUpPoints(8).build().settlePoints());
        assertEquals(DetectorConfig.DEFAULT_SETTLE_POINTS, DetectorConfig.defaults().settlePoints());
        assertEquals(3, DetectorConfig.builder().warmUpPoints(8).settlePoints(3).build().settlePoints());
        assertEquals("detector.reorder-bound-ms: -1 is not allowed; expected a duration in ms >= 0",
                failure(() -> DetectorConfig.builder().reorderBoundMillis(-1).build()));
    }

    @Test
    void toBuilderKeepsEverything() {
        DetectorConfig c = DetectorConfig.builder().threshold(0.7).warmUpPoints(10).settlePoints(5)
                .adaptation(Adaptation.BIAS).orderPolicy(OrderPolicy.REORDER).reorderBoundMillis(5000).build();
        DetectorConfig d = c.toBuilder().build();
        assertEquals(c.toString(), d.toString());
        assertEquals(5, d.settlePoints());
    }

    @Test
    void channelsMustMatchAMultivariateModel() {
        var m = TestModels.untrained(new dev.lookahead.model.ModelArchitecture(List.of("t", "p"), 8, 1), 1);
        String msg = failure(() -> new Detector(m, DetectorConfig.builder().channels(List.of("p", "x")).build()));
        assertEquals("detector.channels [p, x] do not match the model's channels [t, p]; allowed: the model's channels"
                + " in its order, or any channels with a univariate model", msg);
    }
}
