package dev.lookahead.flink;

import org.apache.flink.streaming.api.datastream.DataStream;

import java.io.Serializable;

/**
 * Where a caller may splice operators into the pipeline (tests inject failures here; the default changes nothing).
 * Spliced operators must keep the record types and should carry their own uids.
 */
public interface JobHooks extends Serializable {

    JobHooks NONE = new JobHooks() {
    };

    default DataStream<KeyedRecord> afterValidation(DataStream<KeyedRecord> valid) {
        return valid;
    }

    default DataStream<OutRecord> afterScoring(DataStream<OutRecord> scored) {
        return scored;
    }
}
