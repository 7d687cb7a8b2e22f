package dev.lookahead.e2e;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time per thread of this JVM (broker, job, clients all run here), so a run can say where its CPU went per
 * point: on a 2-core machine the sustainable rate is at most 2 s of CPU / the CPU seconds a point costs.
 */
final class ThreadCpu {

    private final Map<Long, Long> cpu = new HashMap<>();
    private final Map<Long, String> names = new HashMap<>();

    static ThreadCpu now() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        ThreadCpu t = new ThreadCpu();
        for (ThreadInfo i : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (i == null) continue;
            long c = mx.getThreadCpuTime(i.getThreadId());
            if (c < 0) continue;
            t.cpu.put(i.getThreadId(), c);
            t.names.put(i.getThreadId(), i.getThreadName());
        }
        return t;
    }

    /** CPU nanoseconds spent since {@code before}, by thread group (the name with numbers and subtask suffixes folded). */
    Map<String, Long> since(ThreadCpu before) {
        Map<String, Long> by = new TreeMap<>();
        for (Map.Entry<Long, Long> e : cpu.entrySet()) {
            long spent = e.getValue() - before.cpu.getOrDefault(e.getKey(), 0L);
            if (spent > 0) by.merge(group(names.get(e.getKey())), spent, Long::sum);
        }
        return by;
    }

    /** The thread fine-tuning rounds train on (FineTuneFunction's executor). */
    static final String TRAINER = "job: fine-tune rounds (trainer thread)";

    static String group(String name) {
        if (name.startsWith("score")) return "job: score + sinks (task thread)";
        if (name.startsWith("Source: readings")) return "job: source + validate (task thread)";
        if (name.startsWith("Source Data Fetcher")) return "job: Kafka source fetcher";
        if (name.startsWith("lookahead-fine-tune")) return TRAINER;
        if (name.startsWith("fine-tune")) return "job: fine-tune trainer (task thread)";
        if (name.startsWith("models") || name.startsWith("Source: models")) return "job: models source/sink";
        if (name.startsWith("kafka-producer-network-thread")) return "Kafka producer I/O (sinks and harness)";
        if (name.startsWith("data-plane-kafka") || name.startsWith("kafka-") || name.startsWith("quorum-controller")
                || name.startsWith("broker-") || name.startsWith("controller-") || name.contains("raft")) return "broker";
        if (name.startsWith("e2e-reader")) return "harness: committed readers";
        if (name.equals("main")) return "harness: producer + main";
        if (name.contains("Flink") || name.contains("flink") || name.contains("pekko") || name.contains("jobmanager")
                || name.contains("Checkpoint") || name.contains("AsyncOperations")) return "Flink runtime (checkpoints, RPC)";
        if (name.startsWith("GC") || name.contains("G1") || name.contains("C2 ") || name.contains("C1 ")) return "JVM (GC, JIT)";
        return "other";
    }

    /** "group 12.3 µs; ..." per point, largest first. */
    static String perPoint(Map<String, Long> by, long points) {
        Map<String, Long> sorted = new LinkedHashMap<>();
        by.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).forEach(e -> sorted.put(e.getKey(), e.getValue()));
        StringBuilder b = new StringBuilder();
        long total = 0;
        for (long v : sorted.values()) total += v;
        b.append(String.format(Locale.ROOT, "total %.1f us/point", total / 1e3 / points));
        for (Map.Entry<String, Long> e : sorted.entrySet())
            b.append(String.format(Locale.ROOT, "; %s %.1f", e.getKey(), e.getValue() / 1e3 / points));
        return b.toString();
    }
}
