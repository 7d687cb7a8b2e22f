package dev.lookahead.api;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The descriptor is a value: copies of its arrays out, equality and hash by value, every internal status mapped. */
class AnomalyDescriptorTest {

    /** A two-channel key: 300 quiet points with a pattern, then a jump on the second channel. */
    private static List<AnomalyDescriptor> run() {
        InMemoryDetector d = InMemoryDetector.builder().channels("pressure", "flow").build();
        List<AnomalyDescriptor> out = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            double wave = Math.sin(i / 8.0);
            out.addAll(d.process("pump-1", 1_700_000_000_000L + i * 60_000L, 10 + wave, i >= 300 && i < 310 ? 50 : 5 + wave / 2));
        }
        out.addAll(d.process("pump-1", 1_700_000_000_000L, 1, 1));   // out of order
        return out;
    }

    @Test
    void gettersReturnCopies() {
        AnomalyDescriptor d = run().get(200);
        double[] expected = d.expected();
        expected[0] = -1;
        assertNotEquals(-1, d.expected()[0]);
        for (double[] a : List.of(d.actual(), d.expectedSpread(), d.deviation(), d.attribution())) {
            double before = a[1];
            a[1] = 1e9;
            assertTrue(Arrays.stream(new double[][]{d.actual(), d.expectedSpread(), d.deviation(), d.attribution()}).noneMatch(x -> x[1] == 1e9));
            assertNotEquals(1e9, before);
        }
        boolean[] imputed = d.imputed();
        imputed[0] = !imputed[0];
        assertNotEquals(imputed[0], d.imputed()[0]);
    }

    @Test
    void equalityAndHashAreByValue() {
        List<AnomalyDescriptor> a = run(), b = run();
        assertEquals(a, b);   // separate runs, separate arrays
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).hashCode(), b.get(i).hashCode(), "verdict " + i);
            assertArrayEquals(a.get(i).expected(), b.get(i).expected());
        }
        assertNotEquals(a.get(100), a.get(101));
        assertFalse(a.get(100).equals(null));
    }

    @Test
    void theJumpIsAttributedToItsChannelAndOpensAnIncident() {
        List<AnomalyDescriptor> out = run();
        AnomalyDescriptor jump = out.get(300);
        assertTrue(jump.isAnomaly(), jump.toString());
        assertEquals(jump.score(), jump.grade());
        assertEquals("flow", jump.topChannelName());
        assertTrue(jump.attribution()[1] > 0.9, Arrays.toString(jump.attribution()));
        assertEquals(IncidentStatus.OPENED, jump.incidentStatus());
        Incident opened = jump.incident().orElseThrow();
        assertEquals("pump-1@" + jump.time(), opened.id());
        assertEquals(0, opened.durationMillis());
        Incident later = out.get(305).incident().orElseThrow();
        assertEquals(opened.id(), later.id());
        assertEquals(5 * 60_000L, later.durationMillis());
        assertEquals(0.0, out.get(200).grade());
        assertTrue(out.get(200).incident().isEmpty());
        assertEquals(IncidentStatus.NONE, out.get(200).incidentStatus());
    }

    @Test
    void aDroppedPointIsADescriptorWithItsReason() {
        AnomalyDescriptor late = run().get(400);
        assertTrue(late.isDropped());
        assertEquals(DropReason.OUT_OF_ORDER, late.dropReason());
        assertTrue(late.dropDetail().contains("out of order"), late.dropDetail());
        assertArrayEquals(new double[]{1, 1}, late.actual());
        assertTrue(Double.isNaN(late.expected()[0]));
        assertEquals(-1, late.topChannel());
        assertNull(late.topChannelName());
        assertFalse(late.isAnomaly());
        assertTrue(late.incident().isEmpty());
        assertNull(run().get(10).dropReason());
    }

    @Test
    void everyInternalStatusAndReasonHasItsApiName() {
        for (dev.lookahead.scoring.IncidentStatus s : dev.lookahead.scoring.IncidentStatus.values())
            assertEquals(s.anomalous(), IncidentStatus.of(s).anomalous(), s.name());
        for (dev.lookahead.detector.DropReason r : dev.lookahead.detector.DropReason.values())
            assertEquals(r.orderRelated(), DropReason.of(r).orderRelated(), r.name());
        assertEquals(dev.lookahead.scoring.IncidentStatus.values().length, IncidentStatus.values().length);
        assertEquals(dev.lookahead.detector.DropReason.values().length, DropReason.values().length);
    }
}
