package dev.lookahead.e2e;

import dev.lookahead.flink.JobHooks;
import dev.lookahead.flink.OutRecord;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Task failures on the harness's command: a pass-through map after the scoring operator (behind the bench's score
 * probe) that throws once each time {@link #arm()} was called, in whichever subtask sees a record first. The job
 * then restarts from its last checkpoint with the cluster's restart strategy, as after any task failure. The switch
 * is a static registry, so it works when the job runs in this JVM (the harness's local Flink).
 */
final class SoakFailures implements JobHooks {

    private static final long serialVersionUID = 1L;
    private static final ConcurrentHashMap<String, State> REGISTRY = new ConcurrentHashMap<>();

    private static final class State {
        final AtomicInteger armed = new AtomicInteger(), thrown = new AtomicInteger();
    }

    private final String runId;
    private final ScoreProbe probe;

    SoakFailures(String runId, ScoreProbe probe) {
        this.runId = runId;
        this.probe = probe;
        REGISTRY.put(runId, new State());
    }

    /** The next record through the map fails its task. */
    void arm() {
        REGISTRY.get(runId).armed.incrementAndGet();
    }

    /** Failures thrown so far. */
    int thrown() {
        return REGISTRY.get(runId).thrown.get();
    }

    void release() {
        REGISTRY.remove(runId);
    }

    @Override
    public DataStream<OutRecord> afterScoring(DataStream<OutRecord> scored) {
        return probe.afterScoring(scored).map(new Fail(runId)).returns(TypeInformation.of(OutRecord.class)).uid("soak-failures").name("soak failures");
    }

    private static final class Fail implements MapFunction<OutRecord, OutRecord> {
        private static final long serialVersionUID = 1L;
        private final String runId;
        private transient State state;

        Fail(String runId) {
            this.runId = runId;
        }

        @Override
        public OutRecord map(OutRecord r) {
            if (state == null) state = REGISTRY.get(runId);
            int armed = state.armed.get();
            if (armed > 0 && state.armed.compareAndSet(armed, armed - 1))
                throw new IllegalStateException("injected task failure " + state.thrown.incrementAndGet() + " (bench soak)");
            return r;
        }
    }
}
