package dev.lookahead.stream;

import dev.lookahead.model.LstmModel;
import dev.lookahead.model.ModelSnapshots;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The model in force for one scoring task, and the switch rule both runtimes apply to the snapshots on the models
 * topic: a snapshot is adopted when it is of the running group, of a higher version and of the same architecture
 * (a new architecture needs a restart with {@code model.file}; the key states then migrate). Everything else is
 * refused. Each adoption and each refusal is logged once per snapshot, however often the snapshot is offered.
 *
 * <p>Cheap to offer again and again: a snapshot already judged is recognised by its length and first bytes
 * (version and group come first) without decoding; a new one is judged from its header ({@link ModelSnapshots#peek})
 * and decoded in full only to be adopted. Not thread-safe: one per task.
 */
public final class ModelTracker {

    private static final Logger LOG = LoggerFactory.getLogger(ModelTracker.class);
    private static final int REMEMBERED = 32;
    private static final int PREFIX = 256;

    /** What became of an offered snapshot. */
    public enum Verdict {
        /** Adopted: it scores every key from its next reading. */
        ADOPTED,
        /** The model already in force. */
        CURRENT,
        /** Another deployment's model group. */
        FOREIGN_GROUP,
        /** Not a higher version than the one in force. */
        NOT_NEWER,
        /** Another architecture than the one in force. */
        OTHER_ARCHITECTURE,
        /** Not a ModelSnapshot this build reads. */
        UNREADABLE;

        public boolean refused() {
            return this != ADOPTED && this != CURRENT;
        }
    }

    private record Fingerprint(int length, int prefixHash) {
        static Fingerprint of(byte[] b) {
            int h = 1, n = Math.min(PREFIX, b.length);
            for (int i = 0; i < n; i++) h = 31 * h + b[i];
            return new Fingerprint(b.length, h);
        }
    }

    private final String where;
    private LstmModel current;
    private Fingerprint currentPrint;
    private long parses;
    private long refusals;
    private final Map<Fingerprint, Verdict> judged = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Fingerprint, Verdict> e) {
            return size() > REMEMBERED;
        }
    };

    /**
     * @param initial the model in force until a snapshot is adopted
     * @param where   names the task in log lines, e.g. {@code score 1/2}
     */
    public ModelTracker(LstmModel initial, String where) {
        this.current = initial;
        this.where = where;
    }

    public LstmModel current() {
        return current;
    }

    /** Snapshots decoded in full so far: one per adoption (the test of "not re-parsed per record"). */
    public long parses() {
        return parses;
    }

    /** Distinct snapshots refused so far (each counted and logged once, however often it is offered). */
    public long refusals() {
        return refusals;
    }

    /** Applies the switch rule to {@code snapshot} (plain Avro binary, as on the models topic). */
    public Verdict offer(byte[] snapshot) {
        Fingerprint print = Fingerprint.of(snapshot);
        if (print.equals(currentPrint)) return Verdict.CURRENT;
        Verdict before = judged.get(print);
        // in force once (adopted, or the version in force when offered), since replaced
        if (before != null) return before == Verdict.ADOPTED || before == Verdict.CURRENT ? Verdict.NOT_NEWER : before;
        Verdict v = judge(snapshot, print);
        if (v.refused()) refusals++;
        judged.put(print, v);
        return v;
    }

    private Verdict judge(byte[] snapshot, Fingerprint print) {
        ModelSnapshots.Header h;
        try {
            h = ModelSnapshots.peek(snapshot);
        } catch (IllegalArgumentException e) {
            LOG.warn("{}: ignoring a record of {} bytes on the models topic: {}", where, snapshot.length, e.getMessage());
            return Verdict.UNREADABLE;
        }
        if (!h.group().equals(current.group())) {
            LOG.info("{}: ignoring model {}: group '{}' is not the running group '{}'", where, h.versionId(), h.group(), current.group());
            return Verdict.FOREIGN_GROUP;
        }
        if (h.version() <= current.version()) {
            if (h.version() == current.version()) {
                // the version in force, e.g. restored from a checkpoint or the models topic's latest at start
                LOG.info("{}: model {} is the one in force", where, h.versionId());
                return Verdict.CURRENT;
            }
            LOG.info("{}: ignoring model {}: not newer than the running {}", where, h.versionId(), current.versionId());
            return Verdict.NOT_NEWER;
        }
        if (!h.architecture().equals(current.architecture())) {
            LOG.warn("{}: ignoring model {}: architecture {} differs from the running {}; to change architectures, restart "
                            + "with it as model.file (each key's recurrent state then starts fresh)",
                    where, h.versionId(), h.architecture().describe(), current.architecture().describe());
            return Verdict.OTHER_ARCHITECTURE;
        }
        LstmModel m;
        try {
            parses++;
            m = ModelSnapshots.fromBytes(snapshot);
        } catch (IllegalArgumentException e) {
            LOG.warn("{}: ignoring model {}: {}", where, h.versionId(), e.getMessage());
            return Verdict.UNREADABLE;
        }
        LOG.info("{}: adopted model {} ({}, parent {}) in place of {}; each key switches at its next reading", where,
                m.versionId(), m.architecture().describe(), m.provenance().parentVersion(), current.versionId());
        current = m;
        currentPrint = print;
        return Verdict.ADOPTED;
    }
}
