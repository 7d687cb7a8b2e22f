package dev.lookahead.e2e.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * A standalone Flink cluster of separate JVMs started from the jars in {@code flinkLib} (Maven Central's parts of
 * flink-dist, see cluster/pom.xml), the way Flink's bin scripts start them: memory flags from
 * {@code BashJavaUtils}, {@code config.yaml} in a conf directory, Flink's JDK 17 {@code --add-opens} list. One
 * JobManager, in session mode ({@code StandaloneSessionClusterEntrypoint}) or application mode
 * ({@code StandaloneApplicationClusterEntryPoint} with the job jar in {@code usrlib}, as the official image's
 * {@code standalone-job} runs it), and TaskManagers ({@code TaskManagerRunner}) with resource ids tm-1, tm-2, ...
 */
final class FlinkCluster implements AutoCloseable {

    static final String SESSION_ENTRYPOINT = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    static final String APPLICATION_ENTRYPOINT = "org.apache.flink.container.entrypoint.StandaloneApplicationClusterEntryPoint";
    static final String TASK_MANAGER = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";

    /** flink-dist's config.yaml env.java.opts.all: what Flink needs opened on JDK 17. */
    private static final List<String> JDK17_OPTS = List.of("--add-exports=java.base/sun.net.util=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED", "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED", "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    private final Path dir, conf, home;
    private final String classpath;
    private final List<String> userJvmOpts;
    private final FlinkRest rest;
    private final JavaProcess jobManager;
    private final Map<String, JavaProcess> taskManagers = new LinkedHashMap<>();
    private int nextTaskManager = 1;

    /**
     * @param userJvmOpts JVM options every process gets, as an operator puts them in env.java.opts.all (the bin
     *                    scripts apply that key; here the harness does)
     * @param application null: session mode; else the job class and its program arguments, the job jar in usrlib
     */
    private FlinkCluster(Path flinkLib, Path dir, Map<String, String> settings, List<String> userJvmOpts, Path jobJar,
                         List<String> application) throws Exception {
        dir = dir.toAbsolutePath();
        this.dir = dir;
        this.conf = dir.resolve("conf");
        this.home = dir.resolve("home");
        this.userJvmOpts = List.copyOf(userJvmOpts);
        this.classpath = flinkLib.toAbsolutePath() + "/*";
        Files.createDirectories(conf);
        Files.createDirectories(home.resolve("usrlib"));
        if (!Files.exists(home.resolve("lib"))) Files.createSymbolicLink(home.resolve("lib"), flinkLib.toAbsolutePath());
        if (jobJar != null) {
            Path usr = home.resolve("usrlib").resolve("lookahead-job.jar");
            Files.deleteIfExists(usr);
            Files.createSymbolicLink(usr, jobJar.toAbsolutePath());
        }
        int restPort = Ports.free(), rpcPort = Ports.free();
        Map<String, String> c = new LinkedHashMap<>();
        c.put("jobmanager.rpc.address", "localhost");
        c.put("jobmanager.rpc.port", "" + rpcPort);
        c.put("jobmanager.bind-host", "localhost");
        c.put("jobmanager.memory.process.size", "1024m");
        c.put("taskmanager.bind-host", "localhost");
        c.put("taskmanager.host", "localhost");
        c.put("taskmanager.numberOfTaskSlots", "2");
        c.put("taskmanager.memory.process.size", "2g");
        c.put("rest.address", "localhost");
        c.put("rest.bind-address", "localhost");
        c.put("rest.port", "" + restPort);
        c.put("parallelism.default", "2");
        c.put("io.tmp.dirs", dir.resolve("tmp").toAbsolutePath().toString());
        c.put("web.upload.dir", dir.resolve("upload").toAbsolutePath().toString());
        c.putAll(settings);
        StringBuilder yaml = new StringBuilder("# written by lookahead bench cluster\n");
        c.forEach((k, v) -> yaml.append(k).append(": ").append(v).append('\n'));
        Files.writeString(conf.resolve("config.yaml"), yaml, StandardCharsets.UTF_8);
        Files.writeString(conf.resolve("log4j.properties"), String.join("\n",
                "rootLogger.level=INFO",
                "rootLogger.appenderRef.file.ref=MainAppender",
                "appender.main.name=MainAppender",
                "appender.main.type=File",
                "appender.main.fileName=${sys:log.file}",
                "appender.main.layout.type=PatternLayout",
                "appender.main.layout.pattern=%d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
                "logger.kafka.name=org.apache.kafka",
                "logger.kafka.level=WARN",
                ""), StandardCharsets.UTF_8);
        Files.createDirectories(dir.resolve("tmp"));
        Files.createDirectories(dir.resolve("log"));
        rest = new FlinkRest(restPort);

        List<String> args = new ArrayList<>(List.of("--configDir", conf.toString()));
        String[] mem = resourceParams("GET_JM_RESOURCE_PARAMS");
        args.addAll(dynamicArgs(mem[1]));
        String main = SESSION_ENTRYPOINT;
        if (application != null) {
            main = APPLICATION_ENTRYPOINT;
            args.add("--job-classname");
            args.addAll(application);
        }
        jobManager = JavaProcess.start("jobmanager", dir, classpath, jvmArgs(mem[0], "jobmanager"), main, args, env());
    }

    static FlinkCluster session(Path flinkLib, Path dir, Map<String, String> settings, List<String> jvmOpts) throws Exception {
        return new FlinkCluster(flinkLib, dir, settings, jvmOpts, null, null);
    }

    /** @param jobClassAndArgs the job's main class, then its program arguments */
    static FlinkCluster application(Path flinkLib, Path dir, Map<String, String> settings, List<String> jvmOpts, Path jobJar,
                                    List<String> jobClassAndArgs) throws Exception {
        return new FlinkCluster(flinkLib, dir, settings, jvmOpts, jobJar, jobClassAndArgs);
    }

    private Map<String, String> env() {
        // FLINK_LIB_DIR's parent is FLINK_HOME, whose usrlib holds the application's jar; OMP: ND4J on a busy box
        return Map.of("FLINK_CONF_DIR", conf.toString(), "FLINK_LIB_DIR", home.resolve("lib").toString(), "OMP_NUM_THREADS", "1");
    }

    private List<String> jvmArgs(String memoryFlags, String logName) {
        List<String> a = new ArrayList<>(Arrays.asList(memoryFlags.trim().split("\\s+")));
        a.addAll(JDK17_OPTS);
        a.addAll(userJvmOpts);
        a.add("-Dlog.file=" + dir.resolve("log").resolve(logName + ".log").toAbsolutePath());
        a.add("-Dlog4j.configurationFile=file:" + conf.resolve("log4j.properties").toAbsolutePath());
        return a;
    }

    /** {@code -D a=1 -D b=2} as program arguments. */
    private static List<String> dynamicArgs(String line) {
        List<String> out = new ArrayList<>();
        String[] parts = line.trim().split("\\s+");
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].equals("-D") && i + 1 < parts.length) {
                out.add("-D");
                out.add(parts[++i]);
            }
        }
        return out;
    }

    /** BashJavaUtils' two result lines: JVM memory flags, then dynamic properties. */
    private String[] resourceParams(String command) throws IOException, InterruptedException {
        String out = JavaProcess.runToEnd("bash-java-utils-" + command.toLowerCase(java.util.Locale.ROOT), dir, classpath,
                List.of("-Dlog.file=" + dir.resolve("log").resolve("bash-java-utils.log").toAbsolutePath(),
                        "-Dlog4j.configurationFile=file:" + conf.resolve("log4j.properties").toAbsolutePath()),
                "org.apache.flink.runtime.util.bash.BashJavaUtils", List.of(command, "--configDir", conf.toString()), Duration.ofMinutes(2));
        List<String> lines = out.lines().filter(l -> l.startsWith("BASH_JAVA_UTILS_EXEC_RESULT:"))
                .map(l -> l.substring("BASH_JAVA_UTILS_EXEC_RESULT:".length())).toList();
        if (lines.isEmpty()) throw new IllegalStateException("BashJavaUtils " + command + " printed no result:\n" + out);
        return new String[]{lines.get(0), lines.size() > 1 ? lines.get(1) : ""};
    }

    /** Starts a TaskManager (resource id tm-N) and returns its id. */
    synchronized String startTaskManager() throws Exception {
        String id = "tm-" + nextTaskManager++;
        String[] mem = resourceParams("GET_TM_RESOURCE_PARAMS");
        List<String> args = new ArrayList<>(List.of("--configDir", conf.toString(), "-D", "taskmanager.resource-id=" + id));
        args.addAll(dynamicArgs(mem[1]));
        taskManagers.put(id, JavaProcess.start(id, dir, classpath, jvmArgs(mem[0], id), TASK_MANAGER, args, env()));
        return id;
    }

    /** kill -9 of one TaskManager. */
    void kill(String taskManagerId) throws InterruptedException {
        JavaProcess p = taskManagers.get(taskManagerId);
        if (p == null) throw new IllegalArgumentException("no TaskManager " + taskManagerId + " in " + taskManagers.keySet());
        p.kill();
    }

    JavaProcess taskManager(String id) {
        return taskManagers.get(id);
    }

    JavaProcess jobManager() {
        return jobManager;
    }

    FlinkRest rest() {
        return rest;
    }

    /** Waits until {@code n} TaskManagers are registered; fails early if the JobManager exits. */
    void awaitTaskManagers(int n, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (rest.taskManagers() < n) {
            if (!jobManager.isAlive())
                throw new IllegalStateException("the JobManager exited (" + jobManager.exitCode() + "):\n" + jobManager.tail(20));
            if (System.nanoTime() > deadline)
                throw new IllegalStateException(n + " TaskManagers were not registered within " + timeout + " (" + rest.taskManagers() + ")");
            LockSupport.parkNanos(250_000_000L);   // poll interval
        }
    }

    Path dir() {
        return dir;
    }

    /** Stops the TaskManagers, then the JobManager. */
    @Override
    public void close() throws InterruptedException {
        for (JavaProcess tm : taskManagers.values()) tm.stop(Duration.ofSeconds(20));
        jobManager.stop(Duration.ofSeconds(30));
    }
}
