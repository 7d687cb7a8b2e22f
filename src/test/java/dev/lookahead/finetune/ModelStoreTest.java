package dev.lookahead.finetune;

import dev.lookahead.model.FileModelStore;
import dev.lookahead.model.LstmModel;
import dev.lookahead.model.LstmWeights;
import dev.lookahead.model.ModelArchitecture;
import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.model.Provenance;
import dev.lookahead.training.TrainerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Snapshots round-trip through the file store and bytes; versions only go up; a wrong architecture is refused. */
class ModelStoreTest {

    private static final ModelArchitecture H8 = ModelArchitecture.univariate(8, 1);

    private static LstmModel model(long version, Long parent) {
        Provenance p = new Provenance(parent, "test", "online reservoir: 3 windows", 1_000L, 2_000L, 3, 64, 0.1, 0.2,
                7, 1_800_000_000_000L, Map.of("round", "1"));
        return new LstmModel("g", version, LstmWeights.initialise(H8, version), p);
    }

    private static void assertSame(LstmModel want, LstmModel got) {
        assertEquals(want.versionId(), got.versionId());
        assertEquals(want.architecture(), got.architecture());
        assertArrayEquals(want.weights().toFlat(), got.weights().toFlat());
        assertEquals(want.provenance(), got.provenance());
    }

    @Test
    void fileStoreKeepsVersionsAndReturnsTheLatestIntact(@TempDir Path dir) {
        FileModelStore store = new FileModelStore(dir);
        assertTrue(store.latest("g").isEmpty());
        store.put(model(1, null));
        store.put(model(2, 1L));
        assertEquals(List.of(1L, 2L), store.versions("g"));
        assertSame(model(2, 1L), store.latest("g").orElseThrow());
        assertSame(model(1, null), new FileModelStore(dir).read("g", 1));   // another reader of the same directory
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> store.put(model(2, 1L)));
        assertEquals("model store " + dir + " already has g:2; cannot put g:2 (versions only go up)", e.getMessage());
    }

    @Test
    void bytesRoundTripAsTheKafkaTopicWouldCarryThem() {
        LstmModel m = model(5, 4L);
        assertSame(m, ModelSnapshots.fromBytes(ModelSnapshots.toBytes(m)));
    }

    @Test
    void aSnapshotOfAnotherArchitectureThanConfiguredIsRefusedWithBothNamed(@TempDir Path dir) {
        FileModelStore store = new FileModelStore(dir);
        store.put(model(1, null));
        LstmModel loaded = store.latest("g").orElseThrow();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelSnapshots.requireArchitecture(loaded, ModelArchitecture.univariate(32, 1)));
        assertEquals("model g:1 has architecture lstm[value] H=8 L=1 but the configuration expects lstm[value] H=32 L=1",
                e.getMessage());
        // and fine-tuning configured for another architecture refuses the model it would start from
        e = assertThrows(IllegalArgumentException.class, () -> new FineTuner(loaded,
                TrainerConfig.builder(ModelArchitecture.univariate(32, 1)).build(), FineTuneConfig.defaults(),
                Runnable::run, store, Clock.systemUTC()));
        assertEquals("model g:1 has architecture lstm[value] H=8 L=1 but fine-tuning is configured for lstm[value] H=32 L=1",
                e.getMessage());
    }
}
