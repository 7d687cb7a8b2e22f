package dev.lookahead.e2e.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lookahead.avro.DeadLetter;
import dev.lookahead.stream.AvroBytes;
import dev.lookahead.stream.ReadingDecoder;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code bench cluster} decides with, without a cluster: its comparison of committed outputs finds each kind
 * of difference, its dead-letter comparison blanks only the two fields that differ by construction, its input holds
 * exactly the bad records it counts, and it reads Flink's REST replies.
 */
class ClusterChecksTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theOutputComparisonFindsAChangedByteAMissingKeyAndAnExtraRecord() {
        Map<String, List<byte[]>> want = Map.of("a", List.of(b("1"), b("2")), "b", List.of(b("3")));
        assertTrue(CommittedOutput.differences(want, Map.of("a", List.of(b("1"), b("2")), "b", List.of(b("3"))), x -> x, 5).isEmpty());
        assertEquals(List.of("a: record 1 differs"),
                CommittedOutput.differences(want, Map.of("a", List.of(b("1"), b("X")), "b", List.of(b("3"))), x -> x, 5));
        assertEquals(List.of("b: missing (1 records expected)"), CommittedOutput.differences(want, Map.of("a", List.of(b("1"), b("2"))), x -> x, 5));
        assertEquals(List.of("a: 3 records, expected 2"),
                CommittedOutput.differences(want, Map.of("a", List.of(b("1"), b("2"), b("2")), "b", List.of(b("3"))), x -> x, 5));
        assertEquals(List.of("a: record 0 differs"),
                CommittedOutput.differences(want, Map.of("a", List.of(b("2"), b("1")), "b", List.of(b("3"))), x -> x, 5), "order within a key counts");
    }

    private static byte[] deadLetter(String topic, long offset, long time) {
        return AvroBytes.write(DeadLetter.newBuilder().setRaw(ByteBuffer.wrap(new byte[]{1, 2})).setRawKey(ByteBuffer.wrap(b("sensor-0000001")))
                .setSourceTopic(topic).setSourcePartition(1).setSourceOffset(offset).setReason("empty record").setErrorClass("MALFORMED")
                .setTime(Instant.ofEpochMilli(time)).build());
    }

    @Test
    void deadLettersCompareWithoutTheirProcessingTimeAndInputTopicButWithEverythingElse() {
        byte[] reference = deadLetter("reference-readings", 42, 1_000), kill = deadLetter("kill-readings", 42, 99_000);
        assertFalse(java.util.Arrays.equals(reference, kill));
        assertArrayEquals(CommittedOutput.comparableDeadLetter(reference), CommittedOutput.comparableDeadLetter(kill));
        assertFalse(java.util.Arrays.equals(CommittedOutput.comparableDeadLetter(reference),
                CommittedOutput.comparableDeadLetter(deadLetter("kill-readings", 43, 1_000))), "another source offset is another record");
    }

    @Test
    void theInputHoldsExactlyTheBadRecordsItCountsEachOnARealKey() {
        ClusterInput in = new ClusterInput(20, 50, 42);
        ReadingDecoder decoder = new ReadingDecoder(1 << 20, Instant.parse("2000-01-01T00:00:00Z").toEpochMilli(),
                Instant.parse("2100-01-01T00:00:00Z").toEpochMilli());
        long rejected = 0, scored = 0;
        for (ClusterInput.Record r : in.records()) {
            assertTrue(ClusterInput.keyString(r.key()).matches("sensor-00000[0-9][0-9]"), ClusterInput.keyString(r.key()));
            if (r.scored()) scored++;
            else if (!decoder.decode(r.value()).ok()) rejected++;
        }
        assertEquals(20 * 50, scored);
        assertEquals(20 * 50, in.scored());
        assertEquals(6 * 4, rejected, "keys 0-5: four rounds of records validation rejects");
        assertEquals(6 * 4 + 3 * 4, in.deadLetters(), "and keys 6-8: four readings each dropped for order");
        assertEquals(in.scored() + in.deadLetters(), in.size());
    }

    @Test
    void buildsFlinksRunRequestAndReadsItsReplies() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<String> args = List.of("run", "--set", "job.checkpoint-dir=file:/tmp/a \"b\"\\c");
        JsonNode body = json.readTree(json.writeValueAsString(FlinkRest.runRequest("dev.lookahead.cli.Main", args, "file:/tmp/sp 1")));
        assertEquals("dev.lookahead.cli.Main", body.path("entryClass").asText());
        List<String> back = new java.util.ArrayList<>();
        body.path("programArgsList").forEach(a -> back.add(a.asText()));
        assertEquals(args, back, "quotes and backslashes survive");
        assertEquals("file:/tmp/sp 1", body.path("savepointPath").asText());
        assertFalse(body.path("allowNonRestoredState").asBoolean(true));
        assertFalse(FlinkRest.runRequest("M", List.of(), null).has("savepointPath"));

        JsonNode reply = json.readTree("{\"jobs\":[{\"id\":\"ab12\",\"status\":\"RUNNING\"}],\"operation\":{\"location\":null}}");
        assertEquals("ab12", FlinkRest.text(reply.path("jobs").path(0).path("id")));
        assertEquals(null, FlinkRest.text(reply.path("jobs").path(3).path("id")), "no such element");
        assertEquals(null, FlinkRest.text(reply.path("operation").path("location")), "JSON null");
    }
}
