package dev.lookahead.e2e;

import dev.lookahead.flink.JobHooks;
import dev.lookahead.flink.OutRecord;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A pass-through map chained right after the scoring operator that counts scored points and notes when the first
 * and the latest were scored, so the harness can tell the job's own rate from the rate a committed reader sees
 * (which is quantised by checkpoints). It reports through a static registry, so it works only when the job runs
 * in this JVM (the harness's local MiniCluster).
 */
final class ScoreProbe implements JobHooks {

    private static final long serialVersionUID = 1L;
    private static final ConcurrentHashMap<String, Counts> REGISTRY = new ConcurrentHashMap<>();

    /** What the probe saw for one run. */
    static final class Counts {
        final LongAdder scored = new LongAdder();
        final AtomicLong firstNanos = new AtomicLong(Long.MAX_VALUE), lastNanos = new AtomicLong();

        long scored() {
            return scored.sum();
        }
    }

    private final String runId;

    ScoreProbe(String runId) {
        this.runId = runId;
        REGISTRY.put(runId, new Counts());
    }

    Counts counts() {
        return REGISTRY.get(runId);
    }

    void release() {
        REGISTRY.remove(runId);
    }

    @Override
    public DataStream<OutRecord> afterScoring(DataStream<OutRecord> scored) {
        return scored.map(new Count(runId)).returns(TypeInformation.of(OutRecord.class)).uid("bench-probe").name("bench probe");
    }

    private static final class Count implements MapFunction<OutRecord, OutRecord> {
        private static final long serialVersionUID = 1L;
        private final String runId;
        private transient Counts counts;

        Count(String runId) {
            this.runId = runId;
        }

        @Override
        public OutRecord map(OutRecord r) {
            if (counts == null) counts = REGISTRY.get(runId);
            long now = System.nanoTime();
            if (counts.firstNanos.get() == Long.MAX_VALUE) counts.firstNanos.accumulateAndGet(now, Math::min);
            counts.scored.increment();
            counts.lastNanos.accumulateAndGet(now, Math::max);
            return r;
        }
    }
}
