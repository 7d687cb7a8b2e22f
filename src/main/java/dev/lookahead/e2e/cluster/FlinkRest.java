package dev.lookahead.e2e.cluster;

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
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    FlinkRest(int port) {
        this.base = "http://localhost:" + port;
    }

    String address() {
        return base;
    }

    private Object send(HttpRequest.Builder b, Duration timeout) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(b.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2)
            throw new IOException(r.request().method() + " " + r.request().uri() + ": HTTP " + r.statusCode() + " " + r.body());
        return r.body().isBlank() ? null : Json.parse(r.body());
    }

    Object get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), Duration.ofSeconds(30));
    }

    private Object post(String path, String json, Duration timeout) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), timeout);
    }

    /** Registered TaskManagers, or -1 while the REST endpoint does not answer. */
    int taskManagers() {
        try {
            return (int) Json.number(get("/overview"), "taskmanagers");
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
        Object r = send(HttpRequest.newBuilder(URI.create(base + "/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofString(head),
                        HttpRequest.BodyPublishers.ofFile(jar), HttpRequest.BodyPublishers.ofString(tail))), Duration.ofMinutes(5));
        String file = Json.string(r, "filename");
        if (file == null) throw new IOException("jar upload: no filename in the reply " + r);
        return Path.of(file).getFileName().toString();
    }

    /** {@code POST /jars/<id>/run} with {@code programArgsList}; optionally from a savepoint. Returns the job id. */
    String runJar(String jarId, String entryClass, List<String> args, String savepointPath) throws IOException, InterruptedException {
        List<String> quoted = new ArrayList<>();
        for (String a : args) quoted.add(Json.quote(a));
        String body = "{\"entryClass\":" + Json.quote(entryClass) + ",\"programArgsList\":[" + String.join(",", quoted) + "]"
                + (savepointPath == null ? "" : ",\"savepointPath\":" + Json.quote(savepointPath) + ",\"allowNonRestoredState\":false")
                + "}";
        Object r = post("/jars/" + jarId + "/run", body, Duration.ofMinutes(3));
        String id = Json.string(r, "jobid");
        if (id == null) throw new IOException("jar run: no jobid in the reply " + r);
        return id;
    }

    /** The ids of the cluster's jobs in the given state (e.g. RUNNING). */
    List<String> jobs(String state) throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        for (Object j : Json.list(get("/jobs"), "jobs"))
            if (state.equals(Json.string(j, "status"))) ids.add(Json.string(j, "id"));
        return ids;
    }

    String jobState(String jobId) throws IOException, InterruptedException {
        return Json.string(get("/jobs/" + jobId), "state");
    }

    /** The TaskManager resource ids that run at least one of the job's subtasks. */
    Set<String> taskManagersOf(String jobId) throws IOException, InterruptedException {
        Set<String> ids = new LinkedHashSet<>();
        for (Object v : Json.list(get("/jobs/" + jobId), "vertices"))
            for (Object tm : Json.list(get("/jobs/" + jobId + "/vertices/" + Json.string(v, "id") + "/taskmanagers"), "taskmanagers"))
                ids.add(Json.string(tm, "taskmanager-id"));
        ids.remove(null);
        return ids;
    }

    long completedCheckpoints(String jobId) throws IOException, InterruptedException {
        return Json.number(get("/jobs/" + jobId + "/checkpoints"), "counts", "completed");
    }

    /** The job's numRestarts metric (-1 if not reported yet). */
    long restarts(String jobId) throws IOException, InterruptedException {
        for (Object m : (List<?>) orEmpty(get("/jobs/" + jobId + "/metrics?get=numRestarts")))
            if ("numRestarts".equals(Json.string(m, "id"))) return Long.parseLong(Json.string(m, "value"));
        return -1;
    }

    private static Object orEmpty(Object o) {
        return o instanceof List<?> ? o : List.of();
    }

    void cancel(String jobId) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(URI.create(base + "/jobs/" + jobId + "?mode=cancel")).method("PATCH", HttpRequest.BodyPublishers.noBody()),
                Duration.ofSeconds(30));
    }

    /** {@code POST /jobs/<id>/stop} (no drain) and waits for the savepoint; returns its location. */
    String stopWithSavepoint(String jobId, String targetDirectory, Duration timeout) throws IOException, InterruptedException {
        Object r = post("/jobs/" + jobId + "/stop", "{\"targetDirectory\":" + Json.quote(targetDirectory) + ",\"drain\":false}", Duration.ofSeconds(30));
        String trigger = Json.string(r, "request-id");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Object s = get("/jobs/" + jobId + "/savepoints/" + trigger);
            if ("COMPLETED".equals(Json.string(s, "status", "id"))) {
                String location = Json.string(s, "operation", "location");
                if (location != null) return location;
                throw new IOException("stop with savepoint failed: " + Json.at(s, "operation", "failure-cause"));
            }
            if (System.nanoTime() > deadline) throw new IOException("stop with savepoint did not complete within " + timeout);
            LockSupport.parkNanos(200_000_000L);   // poll interval
        }
    }
}
