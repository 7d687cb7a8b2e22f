package dev.lookahead.bench;

import dev.lookahead.io.CsvReader;
import dev.lookahead.io.CsvSeries;
import dev.lookahead.io.ScoredCsvWriter;
import dev.lookahead.io.ScoredRow;
import dev.lookahead.nab.NabCorpus;
import dev.lookahead.nab.NabResultsWriter;
import dev.lookahead.nab.NabSeries;
import dev.lookahead.nab.NabWindow;
import dev.lookahead.report.ScoredSeries;
import dev.lookahead.report.ScoredSeriesReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * CSV in and out over the NAB corpus (58 files, 365,558 rows), through the public readers and writers only, so the
 * same class measures any version of them: {@code CsvReader} on {@code data/} (what {@code score} and
 * {@code evaluate nab} read), the report's reader on those rows as {@code ScoredCsvWriter} writes them,
 * {@code NabCorpus.readResults} on NAB's results layout, and the scored-CSV writer itself. Needs the corpus
 * (environment {@code NAB_DIR}, default {@code ../shared/nab}). Run:
 * {@code NAB_DIR=../shared/nab ./mvnw -q -Pbench -DskipTests test-compile exec:exec -Dbench.args="CsvReadBench"}.
 *
 * <p>On a shared machine, where other processes take the cores and wall-clock averages swing, {@link #main} gives
 * each operation's thread CPU time instead, the minimum and median of {@code N} runs after {@code N} warm-up runs:
 * {@code NAB_DIR=../shared/nab ./mvnw -q -Pbench -DskipTests test-compile exec:exec -Dbench.main=dev.lookahead.bench.CsvReadBench -Dbench.args=20}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@State(Scope.Benchmark)
public class CsvReadBench {

    private Path nab;
    private Path work;
    private List<CsvSeries> corpus;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        nab = Path.of(System.getenv().getOrDefault("NAB_DIR", "../shared/nab")).toAbsolutePath();   // env: JMH's fork inherits it
        if (!Files.isDirectory(nab.resolve("data")))
            throw new IllegalStateException("no NAB corpus at " + nab + " (set NAB_DIR)");
        corpus = new CsvReader().read(nab.resolve("data"));
        work = Files.createTempDirectory("csv-bench");
        Path scored = Files.createDirectories(work.resolve("scored"));
        Map<String, List<NabWindow>> windows = NabWindow.load(NabCorpus.windowsFile(nab));
        for (CsvSeries s : corpus) {
            try (Writer w = Files.newBufferedWriter(scored.resolve(s.key().replace('/', '_') + ".csv"), StandardCharsets.UTF_8)) {
                write(s, w);
            }
            List<String> ts = new ArrayList<>();
            for (long t : s.times()) ts.add(s.timestampFormat().format(t));
            NabResultsWriter.write(NabCorpus.resultFile(work.resolve("results"), "bench", s.key() + ".csv"), ts, s.column(0),
                    scores(s), windows.getOrDefault(s.key() + ".csv", List.of()));
        }
    }

    private static double[] scores(CsvSeries s) {
        double[] out = new double[s.size()];
        for (int i = 0; i < out.length; i++) out[i] = (i % 97) / 97.0;
        return out;
    }

    private static void write(CsvSeries s, Writer w) throws IOException {
        ScoredCsvWriter csv = new ScoredCsvWriter(w, s.channels(), s.timestampFormat());
        csv.writeHeader();
        for (int i = 0; i < s.size(); i++) {
            double[] v = s.values()[i];
            csv.writeRow(new ScoredRow(s.times()[i], v, new double[] {v[0] * 0.98}, new double[] {0.5 + i % 7}, i % 13,
                    (i % 97) / 97.0, i % 500 == 0, "base:1", i < 64 ? "warmup" : null, null));
        }
        csv.flush();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try (Stream<Path> all = Files.walk(work)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    @Benchmark
    public List<CsvSeries> readNabData() throws IOException {
        return new CsvReader().read(nab.resolve("data"));
    }

    @Benchmark
    public List<ScoredSeries> readScored() throws IOException {
        return ScoredSeriesReader.read(work.resolve("scored"));
    }

    @Benchmark
    public List<NabSeries> readNabResults() throws IOException {
        return NabCorpus.readResults(nab, work.resolve("results"), "bench");
    }

    @Benchmark
    public long writeScored() {
        CountingWriter count = new CountingWriter();
        try (Writer w = new BufferedWriter(count, 1 << 16)) {
            for (CsvSeries s : corpus) write(s, w);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return count.chars;
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        CsvReadBench b = new CsvReadBench();
        b.setUp();
        try {
            ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
            Map<String, Callable<Object>> ops = new LinkedHashMap<>();
            ops.put("readNabData", b::readNabData);
            ops.put("readNabResults", b::readNabResults);
            ops.put("readScored", b::readScored);
            ops.put("writeScored", b::writeScored);
            for (Map.Entry<String, Callable<Object>> op : ops.entrySet()) {
                for (int i = 0; i < n; i++) op.getValue().call();
                double[] ms = new double[n];
                for (int i = 0; i < n; i++) {
                    long t0 = cpu.getCurrentThreadCpuTime();
                    op.getValue().call();
                    ms[i] = (cpu.getCurrentThreadCpuTime() - t0) / 1e6;
                }
                Arrays.sort(ms);
                System.out.printf(Locale.ROOT, "%-16s cpu ms/op: min %8.1f  median %8.1f  (%d runs)%n", op.getKey(), ms[0], ms[n / 2], n);
            }
        } finally {
            b.tearDown();
        }
    }

    /** Discards what it is given, counting it, so the write path is measured without the disk. */
    private static final class CountingWriter extends Writer {
        long chars;

        @Override
        public void write(char[] buf, int off, int len) {
            chars += len;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
