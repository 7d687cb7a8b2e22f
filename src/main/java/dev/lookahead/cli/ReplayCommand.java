package dev.lookahead.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.lookahead.avro.SensorReading;
import dev.lookahead.config.RuntimeSettings;
import dev.lookahead.config.Scope;
import dev.lookahead.io.CsvReader;
import dev.lookahead.io.CsvSeries;
import dev.lookahead.stream.AvroBytes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code replay}: recorded series into the input topic as Avro {@code SensorReading}s, merged across keys in
 * event-time order (as a live stream would interleave them), as fast as possible or at a multiple of the original
 * pace. Keyed by sensor key, so a key's readings stay in one partition, in order.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replay CSV files, NAB-style directories or JSON lines into the input topic as Avro SensorReadings.",
                "CSV: the inputs 'score' reads (key from --key-column or the file name). JSON lines (*.jsonl):",
                "{\"key\": \"pump-1\", \"time\": \"2024-01-01T00:00:00Z\" or epoch millis, \"channels\": {\"temp\": 21.5}}."},
        footerHeading = "%nExamples:%n",
        footer = {"  lookahead replay ../shared/nab/data/realKnownCause --bootstrap localhost:9092",
                "  lookahead replay plant.csv --key-column device --speed 60 --bootstrap localhost:9092 --topic readings",
                "  lookahead replay readings.jsonl --bootstrap localhost:9092",
                "  lookahead replay plant.csv --config config/docker.yaml"})
final class ReplayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "CSV files, directories of them, or .jsonl files.")
    List<Path> inputs;

    @Mixin
    KafkaClientOptions kafka = new KafkaClientOptions();

    @Option(names = "--topic", paramLabel = "TOPIC", description = "Input topic (topics.input; default: from --config, else lookahead-readings).")
    String topic;

    @Option(names = "--speed", paramLabel = "FACTOR", description = "0: as fast as possible (default); N: N times the original pace.")
    double speed = 0;

    @Option(names = "--key-column", paramLabel = "NAME", description = "CSV column holding the key (default: the file name).")
    String keyColumn;

    @Mixin
    CsvLayoutOptions layout = new CsvLayoutOptions();

    /** One series to replay: a key, its channel names, times and rows. */
    record Series(String key, List<String> channels, long[] times, double[][] values) {
    }

    @Override
    public Integer call() throws Exception {
        if (speed < 0) throw new IllegalArgumentException("--speed " + speed + ": expected 0 (as fast as possible) or a positive factor");
        RuntimeSettings settings = kafka.load(Scope.REPLAY, "topics.input", topic, System.getenv());
        String topic = settings.inputTopic();
        List<Series> all = new ArrayList<>();
        for (Path in : inputs) {
            if (!Files.exists(in)) throw new IllegalArgumentException("input " + in + " does not exist");
            if (in.toString().endsWith(".jsonl")) all.addAll(readJsonLines(in));
            else {
                CsvReader.Options o = layout.toOptions();
                if (keyColumn != null) o = o.withKeyColumn(keyColumn);
                for (CsvSeries s : new CsvReader(o).read(in)) all.add(new Series(s.key(), s.channels(), s.times(), s.values()));
            }
        }
        long total = all.stream().mapToLong(s -> s.times().length).sum();
        if (total == 0) throw new IllegalArgumentException("no readings in " + inputs);
        PrintWriter err = spec.commandLine().getErr();
        ProgressBar bar = new ProgressBar(err);
        Properties p = new Properties();
        p.put("acks", "all");
        p.put("linger.ms", "5");
        p.putAll(settings.kafkaClientProperties());   // the deployment's kafka.properties.* may tune acks and linger too
        // merge by event time across keys; ties keep input order
        PriorityQueue<int[]> next = new PriorityQueue<>((a, b) -> {
            int c = Long.compare(all.get(a[0]).times()[a[1]], all.get(b[0]).times()[b[1]]);
            return c != 0 ? c : Integer.compare(a[0], b[0]);
        });
        for (int i = 0; i < all.size(); i++) if (all.get(i).times().length > 0) next.add(new int[]{i, 0});
        long sent = 0, started = System.nanoTime(), firstTime = all.stream().filter(s -> s.times().length > 0)
                .mapToLong(s -> s.times()[0]).min().orElse(0), lastTime = firstTime;
        List<Future<?>> pending = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            if (producer.partitionsFor(topic).isEmpty()) throw new IllegalArgumentException("topic '" + topic + "' has no partitions");
            while (!next.isEmpty()) {
                int[] at = next.poll();
                Series s = all.get(at[0]);
                long t = s.times()[at[1]];
                if (speed > 0) {   // pace: event-time offset / speed after the start, in wall time
                    long due = started + (long) ((t - firstTime) * 1e6 / speed);
                    for (long wait; (wait = due - System.nanoTime()) > 0; ) LockSupport.parkNanos(wait);
                }
                Map<String, Double> ch = new LinkedHashMap<>();
                for (int c = 0; c < s.channels().size(); c++) ch.put(s.channels().get(c), s.values()[at[1]][c]);
                byte[] value = AvroBytes.write(SensorReading.newBuilder().setKey(s.key()).setTime(Instant.ofEpochMilli(t)).setChannels(ch).build());
                pending.add(producer.send(new ProducerRecord<>(topic, s.key().getBytes(StandardCharsets.UTF_8), value)));
                sent++;
                lastTime = Math.max(lastTime, t);
                if (at[1] + 1 < s.times().length) next.add(new int[]{at[0], at[1] + 1});
                if (pending.size() >= 10_000) drain(pending);
                if (sent % 1000 == 0 || sent == total) {
                    double secs = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
                    bar.draw("replay", sent / (double) total, String.format(Locale.ROOT, "%,d/%,d readings, %,.0f/s", sent, total, sent / secs), sent == total);
                }
            }
            producer.flush();
            drain(pending);
        }
        bar.done();
        double secs = (System.nanoTime() - started) / 1e9;
        err.printf(Locale.ROOT, "replayed %,d readings of %d key(s) to %s in %.1f s (%,.0f readings/s); event time %s .. %s%n",
                sent, all.stream().map(Series::key).distinct().count(), topic, secs, sent / Math.max(secs, 1e-3),
                Instant.ofEpochMilli(firstTime), Instant.ofEpochMilli(lastTime));
        err.flush();
        return 0;
    }

    private static void drain(List<Future<?>> pending) throws Exception {
        for (Future<?> f : pending) f.get();
        pending.clear();
    }

    private static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    /** JSON lines, one reading per line, grouped by key in file order; a key's channels are the union of its lines'. */
    static List<Series> readJsonLines(Path file) throws IOException {
        Map<String, List<Object[]>> byKey = new LinkedHashMap<>();
        Map<String, List<String>> channels = new LinkedHashMap<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) continue;
                JsonNode o;
                try {
                    o = JSON.readTree(line);
                } catch (JsonProcessingException e) {
                    throw new IllegalArgumentException(file + ":" + n + ": not a JSON object: " + e.getOriginalMessage().replace('\n', ' '));
                }
                JsonNode key = o.path("key"), time = o.path("time"), ch = o.path("channels");
                if (!o.isObject() || !key.isTextual() || time.isMissingNode() || time.isNull() || !ch.isObject())
                    throw new IllegalArgumentException(file + ":" + n + ": expected {\"key\": ..., \"time\": ..., \"channels\": {...}}");
                long t = time.isNumber() ? time.longValue() : parseTime(time.asText(), file, n);
                List<String> names = channels.computeIfAbsent(key.textValue(), k -> new ArrayList<>());
                Map<String, Double> values = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> e : ch.properties()) {
                    String name = e.getKey();
                    if (!names.contains(name)) names.add(name);
                    if (!e.getValue().isNumber()) throw new IllegalArgumentException(file + ":" + n + ": channel '" + name + "' is not a number");
                    values.put(name, e.getValue().doubleValue());
                }
                byKey.computeIfAbsent(key.textValue(), k -> new ArrayList<>()).add(new Object[]{t, values});
            }
        }
        List<Series> out = new ArrayList<>();
        for (Map.Entry<String, List<Object[]>> e : byKey.entrySet()) {
            List<String> names = channels.get(e.getKey());
            long[] times = new long[e.getValue().size()];
            double[][] values = new double[times.length][names.size()];
            for (int i = 0; i < times.length; i++) {
                times[i] = (Long) e.getValue().get(i)[0];
                @SuppressWarnings("unchecked") Map<String, Double> v = (Map<String, Double>) e.getValue().get(i)[1];
                for (int c = 0; c < names.size(); c++) values[i][c] = v.getOrDefault(names.get(c), Double.NaN);
            }
            out.add(new Series(e.getKey(), names, times, values));
        }
        return out;
    }

    private static long parseTime(String s, Path file, int line) {
        try {
            return Instant.parse(s).toEpochMilli();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ":" + line + ": time '" + s + "' is neither epoch millis nor ISO-8601");
        }
    }
}
