package dev.lookahead.compare;

import dev.lookahead.avro.ChannelScore;
import dev.lookahead.avro.PointFlags;
import dev.lookahead.avro.ScoredPoint;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class IncidentsTest {

    @Test
    void withoutIncidentIdsAnIncidentIsARunOfAnomalousPointsClosedByQuietPointsAsTheTrackerDoes() {
        ScoredKey.Builder b = ScoredKey.builder("k");
        int second = 5 + Incidents.QUIET_POINTS + 1;   // exactly QUIET_POINTS normal points after the first incident: closed
        for (int i = 0; i < second + 3; i++) {
            boolean anomalous = i == 1 || i == 2 || i == 5 || i == second;
            double score = i == 2 ? 0.9 : anomalous ? 0.6 : 0.1;
            b.add(1000L * i, score, anomalous, i == 1 ? -1 : 1, null, null, "base:1");
        }
        List<Incident> inc = b.build().incidents();
        assertEquals(2, inc.size(), inc.toString());
        // 2 normal points inside the first incident do not close it
        assertEquals(new Incident("k", "k@1000", 1000, 5000, 3, 0.9, 2000, Direction.BELOW, null), inc.get(0));
        assertEquals(new Incident("k", "k@" + 1000L * second, 1000L * second, 1000L * second, 1, 0.6, 1000L * second, Direction.ABOVE, null), inc.get(1));
    }

    @Test
    void anIncidentIdColumnGroupsThePointsThatCarryItWhateverTheirFlags() {
        ScoredKey.Builder b = ScoredKey.builder("k");
        // the detector after issue 14: every point of an open incident carries its id and a status
        b.add(0, 0.1, false, 1, null, null, "m:1");
        b.add(1000, 0.8, true, 1, "k@1000", "open", "m:1");
        b.add(2000, 0.3, false, 1, "k@1000", "update", "m:1");
        b.add(3000, 0.6, true, -1, "k@1000", "closed", "m:1");
        b.add(4000, 0.1, false, 1, null, null, "m:1");
        List<Incident> inc = b.build().incidents();
        assertEquals(List.of(new Incident("k", "k@1000", 1000, 3000, 3, 0.8, 1000, Direction.ABOVE, "closed")), inc);
    }

    @Test
    void theDetectorsRunningCountSplitsIncidentsAsItsTrackerDid() {
        // two incidents back to back with a quiet gap inside the first: runs would give three
        int[] counts = {0, 1, 0, 2, 0, 0, 1, 2};
        List<ScoredPoint> points = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) points.add(point("k", 1000L * i, counts[i] > 0 ? 0.7 : 0.1, counts[i]));
        List<Incident> inc = ScoredKeys.fromPoints(points).get(0).incidents();
        assertEquals(2, inc.size());
        assertEquals("k@1000", inc.get(0).id());
        assertEquals(3000, inc.get(0).end());
        assertEquals(2, inc.get(0).points());
        assertEquals("k@6000", inc.get(1).id());
        assertNull(inc.get(1).status());
    }

    static ScoredPoint point(String key, long time, double score, int incidentPoints) {
        ChannelScore c = ChannelScore.newBuilder().setName("value").setActual(score).setForecast(0).setForecastStd(1)
                .setResidual(score).setStandardisedError(score).setContribution(1).setImputed(false).build();
        return ScoredPoint.newBuilder().setKey(key).setTime(Instant.ofEpochMilli(time)).setSequence(time / 1000)
                .setChannels(List.of(c)).setRawScore(score).setAnomalyScore(score).setAnomaly(incidentPoints > 0)
                .setModelVersion("base:1").setFlags(PointFlags.newBuilder().setWarmUp(false).setImputed(false).build())
                .setIncidentPoints(incidentPoints).build();
    }
}
