package dev.lookahead.e2e.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One separate JVM started by the harness (a broker, a JobManager, a TaskManager), its standard output and error in
 * a file. {@link #kill()} is {@code kill -9}; {@link #stop} asks first (SIGTERM) and kills after a grace period.
 */
final class JavaProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path output;

    private JavaProcess(String name, Process process, Path output) {
        this.name = name;
        this.process = process;
        this.output = output;
    }

    /** Starts {@code java <jvmArgs> -cp <classpath> <mainClass> <args>} in {@code dir}, output to {@code <dir>/<name>.out}. */
    static JavaProcess start(String name, Path dir, String classpath, List<String> jvmArgs, String mainClass, List<String> args,
                             Map<String, String> env) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(mainClass);
        cmd.addAll(args);
        Path out = dir.resolve(name + ".out");
        Files.writeString(out, String.join(" ", cmd) + "\n\n", StandardCharsets.UTF_8);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()));
        pb.environment().putAll(env);
        JavaProcess p = new JavaProcess(name, pb.start(), out);
        STARTED.add(p.process);
        return p;
    }

    /** Every process the harness started: killed by a shutdown hook if the harness itself is stopped (Ctrl-C). */
    private static final java.util.Set<Process> STARTED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> STARTED.forEach(Process::destroyForcibly), "cluster-processes-shutdown"));
    }

    /** Runs a JVM to completion (a tool such as Kafka's storage formatter) and returns its output; fails on a non-zero exit. */
    static String runToEnd(String name, Path dir, String classpath, List<String> jvmArgs, String mainClass, List<String> args,
                           Duration timeout) throws IOException, InterruptedException {
        JavaProcess p = start(name, dir, classpath, jvmArgs, mainClass, args, Map.of());
        if (!p.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.kill();
            throw new IllegalStateException(name + " did not finish within " + timeout + "; output: " + p.output);
        }
        String text = Files.readString(p.output, StandardCharsets.UTF_8);
        if (p.process.exitValue() != 0)
            throw new IllegalStateException(name + " exited with " + p.process.exitValue() + ":\n" + p.tail(30));
        return text;
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code, or null while it runs. */
    Integer exitCode() {
        return process.isAlive() ? null : process.exitValue();
    }

    Path output() {
        return output;
    }

    /** kill -9: no shutdown hook, no goodbye to the JobManager. */
    void kill() throws InterruptedException {
        process.destroyForcibly();   // SIGKILL on Linux
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, then SIGKILL after {@code grace}. */
    void stop(Duration grace) throws InterruptedException {
        if (!process.isAlive()) return;
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) kill();
    }

    /** The last lines of its output, for error messages. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(output, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop(Duration.ofSeconds(20));
    }

    @Override
    public String toString() {
        return name + " (pid " + pid() + (isAlive() ? "" : ", exited " + exitCode()) + ")";
    }
}
