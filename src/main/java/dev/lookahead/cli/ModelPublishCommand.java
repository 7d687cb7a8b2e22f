package dev.lookahead.cli;

import dev.lookahead.config.RuntimeSettings;
import dev.lookahead.config.Scope;
import dev.lookahead.model.LstmModel;
import dev.lookahead.model.ModelSnapshots;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code model publish}: a snapshot file ({@code train}'s Avro container file) onto the models topic in the topic's
 * format, plain Avro binary keyed by model group, as the Flink job and the Streams app read it. It refuses what the
 * running deployment would ignore (another group, another architecture, a version not above the one in force), so
 * a publish either takes effect or fails saying why.
 */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = {"Publish a snapshot file to the models topic, for a running deployment to adopt.",
                "The file is what 'train' writes (an Avro data file); the topic gets what it holds:",
                "plain Avro binary keyed by model group. Refused, with the reason, when the",
                "deployment would ignore it: a group other than the one it scores, an",
                "architecture other than the one it runs, or a version not above the one in",
                "force (the topic's latest of the group, else model.file or the bundled model)."},
        footerHeading = "%nExamples:%n",
        footer = {"  lookahead model publish runs/v2.avro --bootstrap localhost:9092",
                "  lookahead model publish runs/v2.avro --config config/docker.yaml",
                "  lookahead model publish runs/v2.avro --bootstrap broker:9092 --expect-group plant-7"})
final class ModelPublishCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "ModelSnapshot Avro file.")
    Path file;

    @Mixin
    KafkaClientOptions kafka = new KafkaClientOptions();

    @Option(names = "--topic", paramLabel = "TOPIC", description = "Models topic (topics.models; default: from --config, else lookahead-models).")
    String topic;

    @Option(names = "--expect-group", paramLabel = "GROUP",
            description = "The model group the deployment scores (default: the group of its model.file, from --config, else of the bundled base model).")
    String expectGroup;

    @Override
    public Integer call() throws Exception {
        RuntimeSettings s = kafka.load(Scope.MODEL_PUBLISH, "topics.models", topic, System.getenv());
        LstmModel m = ModelSnapshots.read(file);
        LstmModel start = s.initialModel();
        String startName = s.modelFile() == null ? "the bundled base model" : "model.file " + s.modelFile();
        String group = expectGroup != null ? expectGroup : start.group();
        if (!m.group().equals(group))
            throw new IllegalArgumentException(file + " holds model " + m.versionId() + " of group '" + m.group() + "', but the deployment scores group '"
                    + group + "' (" + (expectGroup != null ? "--expect-group" : startName) + "): it would ignore this snapshot. "
                    + "Publish a model of group '" + group + "'" + (expectGroup != null ? "" : ", or give --expect-group (or --config) if the deployment runs another"));
        Map<String, Object> client = s.kafkaClientProperties();
        String t = s.modelsTopic();
        requireTopic(client, t, s.bootstrapServers(), spec.commandLine().getErr());
        LstmModel onTopic = latestOnTopic(client, t, group);
        LstmModel current = onTopic != null ? onTopic : start.group().equals(group) ? start : null;
        String currentName = onTopic != null ? onTopic.versionId() + " (the latest of its group on " + t + ")"
                : current != null ? current.versionId() + " (" + startName + ")" : null;
        if (current != null && !m.architecture().equals(current.architecture()))
            throw new IllegalArgumentException("model " + m.versionId() + " has architecture " + m.architecture().describe() + ", but the deployment runs "
                    + current.architecture().describe() + " (" + currentName + "): it would ignore this snapshot. "
                    + "A new architecture needs a new deployment (model.file) and fresh key state");
        if (current != null && m.version() <= current.version())
            throw new IllegalArgumentException("model " + m.versionId() + " is not newer than " + currentName
                    + ": the deployment adopts only a higher version of its group. Train or renumber it above version " + current.version());

        byte[] value = ModelSnapshots.toBytes(m);
        Properties p = new Properties();
        p.put("acks", "all");
        // a large architecture's snapshot exceeds the producer's 1 MB default request (the topic's max.message.bytes still applies)
        p.put("max.request.size", String.valueOf(Math.max(1_048_576, value.length + 65_536)));
        p.putAll(client);
        RecordMetadata at;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            at = producer.send(new ProducerRecord<>(t, group.getBytes(StandardCharsets.UTF_8), value)).get(60, TimeUnit.SECONDS);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("published model %s (%s, %d parameters, parent %s, %,d bytes) to %s partition %d offset %d; %s%n",
                m.versionId(), m.architecture().describe(), m.architecture().parameterCount(),
                m.provenance().parentVersion() == null ? "none" : m.group() + ":" + m.provenance().parentVersion(), value.length,
                t, at.partition(), at.offset(), currentName == null ? "the topic held no model of group '" + group + "'" : "it replaces " + currentName);
        out.flush();
        return 0;
    }

    /** Fails when the topic is missing; warns when it is not compacted (older snapshots would expire, the latest with them). */
    private static void requireTopic(Map<String, Object> client, String topic, String bootstrap, PrintWriter err) throws Exception {
        try (Admin a = Admin.create(client)) {
            Set<String> names = a.listTopics().names().get(60, TimeUnit.SECONDS);
            if (!names.contains(topic))
                throw new IllegalArgumentException("topic '" + topic + "' does not exist on " + bootstrap + "; create it with cleanup.policy=compact");
            ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            String policy;
            try {
                Config c = a.describeConfigs(List.of(r)).all().get(60, TimeUnit.SECONDS).get(r);
                policy = c.get("cleanup.policy") == null ? null : c.get("cleanup.policy").value();
            } catch (java.util.concurrent.ExecutionException notAllowed) {
                policy = null;   // reading topic configs needs DescribeConfigs, which a publisher may lack: only a warning is lost
            }
            if (policy != null && !policy.contains("compact")) {
                err.println("warning: topic '" + topic + "' has cleanup.policy=" + policy + ", not compact: its snapshots expire with its "
                        + "retention, and a job started after that starts from model.file again");
                err.flush();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception x ? x : e;
        }
    }

    /** The highest version of {@code group} on the topic (read_committed, to the end as of now), or null. */
    private static LstmModel latestOnTopic(Map<String, Object> client, String topic, String group) {
        Properties p = new Properties();
        p.putAll(client);
        p.put("isolation.level", "read_committed");
        p.put("enable.auto.commit", "false");
        LstmModel latest = null;
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(60)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).collect(Collectors.toList());
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(60));
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("timed out reading " + topic);
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.value() == null) continue;
                    LstmModel m;
                    try {
                        m = ModelSnapshots.fromBytes(r.value());
                    } catch (IllegalArgumentException unreadable) {
                        continue;   // the job skips it too
                    }
                    if (m.group().equals(group) && (latest == null || m.version() > latest.version())) latest = m;
                }
            }
        }
        return latest;
    }
}
