package dev.lookahead.cli;

import dev.lookahead.avro.Anomaly;
import dev.lookahead.avro.ChannelScore;
import dev.lookahead.avro.ScoredPoint;
import dev.lookahead.config.RuntimeSettings;
import dev.lookahead.config.Scope;
import dev.lookahead.stream.AvroBytes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * {@code consume}: the anomalies topic (or with {@code --scored} the scored-points topic) as a consuming service sees
 * it (read_committed), as readable lines or JSON; the JSON lines are a dump {@code diff} reads.
 */
@Command(name = "consume", mixinStandardHelpOptions = true,
        description = {"Print anomalies from the anomalies topic, reading only committed records (isolation.level=read_committed),",
                "as one readable line each or as JSON (Avro's JSON form of the Anomaly record). With --scored, every scored point",
                "of the scored-points topic instead. A --json dump is what 'diff' compares."},
        footerHeading = "%nExamples:%n",
        footer = {"  lookahead consume --bootstrap localhost:9092", "  lookahead consume --bootstrap localhost:9092 --json --from-beginning --max 100",
                "  lookahead consume --bootstrap localhost:9092 --scored --json --from-beginning --idle-timeout 5 > scored.json",
                "  lookahead consume --config config/docker.yaml"})
final class ConsumeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaClientOptions kafka = new KafkaClientOptions();

    @Option(names = "--topic", paramLabel = "TOPIC", description = "Topic to read (topics.anomalies, or topics.scored with --scored; default: from --config, else lookahead-anomalies / lookahead-scored).")
    String topic;

    @Option(names = "--scored", description = "Read ScoredPoint records (every point) instead of Anomaly records.")
    boolean scored;

    @Option(names = "--json", description = "One JSON object per line instead of a readable line.")
    boolean json;

    @Option(names = "--from-beginning", description = "Start at the earliest offset instead of new records only.")
    boolean fromBeginning;

    @Option(names = "--max", paramLabel = "N", description = "Stop after N anomalies (default: run until Ctrl-C).")
    long max = Long.MAX_VALUE;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", description = "Stop after this long without a record (default: never).")
    long idleSeconds = 0;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        RuntimeSettings s = kafka.load(Scope.CONSUME, scored ? "topics.scored" : "topics.anomalies", topic, System.getenv());
        String topic = scored ? (s.scoredTopic() == null ? "lookahead-scored" : s.scoredTopic()) : s.anomaliesTopic();
        String bootstrap = s.bootstrapServers();
        Properties p = new Properties();
        p.putAll(s.kafkaClientProperties());
        p.put("isolation.level", "read_committed");
        p.put("group.id", "lookahead-consume-" + UUID.randomUUID());
        p.put("auto.offset.reset", fromBeginning ? "earliest" : "latest");
        p.put("enable.auto.commit", "false");
        long seen = 0, lastRecord = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            if (c.listTopics(Duration.ofSeconds(30)).get(topic) == null)
                throw new IllegalArgumentException("topic '" + topic + "' does not exist on " + bootstrap);
            c.subscribe(List.of(topic));
            while (seen < max) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    String text;
                    try {
                        if (scored) {
                            ScoredPoint sp = AvroBytes.read(ScoredPoint.class, r.value());
                            text = json ? sp.toString() : line(sp);
                        } else {
                            Anomaly a = AvroBytes.read(Anomaly.class, r.value());
                            text = json ? a.toString() : line(a);
                        }
                    } catch (RuntimeException e) {
                        out.println("(offset " + r.offset() + " of partition " + r.partition() + " is not a" + (scored ? " ScoredPoint: " : "n Anomaly: ") + Main.oneLine(e) + ")");
                        continue;
                    }
                    out.println(text);
                    lastRecord = System.nanoTime();
                    if (++seen >= max) break;
                }
                out.flush();
                if (idleSeconds > 0 && System.nanoTime() - lastRecord > idleSeconds * 1_000_000_000L) break;
            }
        }
        return 0;
    }

    /** One readable line of a scored point: when, which key, actual vs expected per channel, score, model. */
    static String line(ScoredPoint p) {
        StringBuilder b = new StringBuilder();
        b.append(p.getTime()).append(' ').append(p.getKey());
        for (ChannelScore ch : p.getChannels())
            b.append(String.format(Locale.ROOT, " %s %.4g (expected %.4g)", ch.getName(), ch.getActual(), ch.getForecast()));
        return b.append(String.format(Locale.ROOT, ", score %.3f%s, model %s", p.getAnomalyScore(), p.getAnomaly() ? " ANOMALY" : "",
                p.getModelVersion())).toString();
    }

    /** One readable line: when, which key and channel, actual vs expected with the band, score, incident, model. */
    static String line(Anomaly a) {
        var p = a.getPoint();
        ChannelScore top = p.getChannels().stream().filter(ch -> ch.getName().equals(a.getTopChannel())).findFirst()
                .orElse(p.getChannels().get(0));
        return String.format(Locale.ROOT, "%s %s %s %s: actual %.4g, expected %.4g ± %.3g, score %.3f (threshold %.2f), incident %s (%d point%s), model %s",
                p.getTime(), p.getKey(), a.getDirection().toString().toLowerCase(Locale.ROOT), top.getName(), top.getActual(),
                top.getForecast(), 2 * top.getForecastStd(), p.getAnomalyScore(), a.getThreshold(), a.getIncidentId(),
                a.getPointsSoFar(), a.getPointsSoFar() == 1 ? "" : "s", p.getModelVersion());
    }
}
