package dev.lookahead.e2e.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * The Flink REST API calls an operator (or CI) makes: upload the job jar, run it with program arguments, watch,
 * cancel, stop with a savepoint. Plain HTTP, no Flink client classes: what is submitted is the built jar alone.
 */
final class FlinkRest {

    private final String base;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    FlinkRest(int port) {
        this.base = "http://localhost:" + port;
    }

    String address() {
        return base;
    }

    /** The reply's JSON; a missing node for an empty reply, so {@code path(..)} chains never meet a null. */
    private JsonNode send(HttpRequest.Builder b, Duration timeout) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(b.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2)
            throw new IOException(r.request().method() + " " + r.request().uri() + ": HTTP " + r.statusCode() + " " + r.body());
        return r.body().isBlank() ? MissingNode.getInstance() : JSON.readTree(r.body());
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), Duration.ofSeconds(30));
    }

    private JsonNode post(String path, JsonNode body, Duration timeout) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))), timeout);
    }

    /** A value as text, or null where the reply has none. */
    static String text(JsonNode v) {
        return v.isMissingNode() || v.isNull() ? null : v.asText();
    }

    /** Registered TaskManagers, or -1 while the REST endpoint does not answer. */
    int taskManagers() {
        try {
            return get("/overview").path("taskmanagers").asInt(-1);
        } catch (IOException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** {@code POST /jars/upload} (multipart, field {@code jarfile}); returns the jar id for {@link #runJar}. */
    String uploadJar(Path jar) throws IOException, InterruptedException {
        String boundary = "lookahead" + System.nanoTime();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\"" + jar.getFileName()
                + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        JsonNode r = send(HttpRequest.newBuilder(URI.create(base + "/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofString(head),
                        HttpRequest.BodyPublishers.ofFile(jar), HttpRequest.BodyPublishers.ofString(tail))), Duration.ofMinutes(5));
        String file = text(r.path("filename"));
        if (file == null) throw new IOException("jar upload: no filename in the reply " + r);
        return Path.of(file).getFileName().toString();
    }

    /** {@code POST /jars/<id>/run} with {@code programArgsList}; optionally from a savepoint. Returns the job id. */
    String runJar(String jarId, String entryClass, List<String> args, String savepointPath) throws IOException, InterruptedException {
        JsonNode r = post("/jars/" + jarId + "/run", runRequest(entryClass, args, savepointPath), Duration.ofMinutes(3));
        String id = text(r.path("jobid"));
        if (id == null) throw new IOException("jar run: no jobid in the reply " + r);
        return id;
    }

    /** The body of {@code POST /jars/<id>/run}. */
    static ObjectNode runRequest(String entryClass, List<String> args, String savepointPath) {
        ObjectNode body = JSON.createObjectNode().put("entryClass", entryClass);
        ArrayNode list = body.putArray("programArgsList");
        args.forEach(list::add);
        if (savepointPath != null) body.put("savepointPath", savepointPath).put("allowNonRestoredState", false);
        return body;
    }

    /** The ids of the cluster's jobs in the given state (e.g. RUNNING). */
    List<String> jobs(String state) throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        for (JsonNode j : get("/jobs").path("jobs"))
            if (state.equals(text(j.path("status")))) ids.add(text(j.path("id")));
        return ids;
    }

    String jobState(String jobId) throws IOException, InterruptedException {
        return text(get("/jobs/" + jobId).path("state"));
    }

    /** The TaskManager resource ids that run at least one of the job's subtasks. */
    Set<String> taskManagersOf(String jobId) throws IOException, InterruptedException {
        Set<String> ids = new LinkedHashSet<>();
        for (JsonNode v : get("/jobs/" + jobId).path("vertices"))
            for (JsonNode tm : get("/jobs/" + jobId + "/vertices/" + text(v.path("id")) + "/taskmanagers").path("taskmanagers"))
                ids.add(text(tm.path("taskmanager-id")));
        ids.remove(null);
        return ids;
    }

    long completedCheckpoints(String jobId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId + "/checkpoints").path("counts").path("completed").asLong(-1);
    }

    /** The job's numRestarts metric (-1 if not reported yet). */
    long restarts(String jobId) throws IOException, InterruptedException {
        for (JsonNode m : get("/jobs/" + jobId + "/metrics?get=numRestarts"))   // an array; nothing to iterate otherwise
            if ("numRestarts".equals(text(m.path("id")))) return Long.parseLong(text(m.path("value")));
        return -1;
    }

    void cancel(String jobId) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(URI.create(base + "/jobs/" + jobId + "?mode=cancel")).method("PATCH", HttpRequest.BodyPublishers.noBody()),
                Duration.ofSeconds(30));
    }

    /** {@code POST /jobs/<id>/stop} (no drain) and waits for the savepoint; returns its location. */
    String stopWithSavepoint(String jobId, String targetDirectory, Duration timeout) throws IOException, InterruptedException {
        JsonNode r = post("/jobs/" + jobId + "/stop", JSON.createObjectNode().put("targetDirectory", targetDirectory).put("drain", false),
                Duration.ofSeconds(30));
        String trigger = text(r.path("request-id"));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode s = get("/jobs/" + jobId + "/savepoints/" + trigger);
            if ("COMPLETED".equals(text(s.path("status").path("id")))) {
                String location = text(s.path("operation").path("location"));
                if (location != null) return location;
                throw new IOException("stop with savepoint failed: " + s.path("operation").path("failure-cause"));
            }
            if (System.nanoTime() > deadline) throw new IOException("stop with savepoint did not complete within " + timeout);
            LockSupport.parkNanos(200_000_000L);   // poll interval
        }
    }
}
