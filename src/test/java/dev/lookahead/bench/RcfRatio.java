package dev.lookahead.bench;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Runs {@link RcfComparisonBench} (any JMH options may follow, e.g. {@code -prof gc}) and prints how many times
 * cheaper per point each Lookahead kernel is than Random Cut Forest in that run:
 * {@code ./mvnw -q -Pbench -DskipTests test-compile exec:exec -Dbench.main=dev.lookahead.bench.RcfRatio -Dbench.args="-prof gc"}.
 */
public final class RcfRatio {

    public static void main(String[] args) throws Exception {
        CommandLineOptions cli = new CommandLineOptions(args);
        Collection<RunResult> results = new Runner(new OptionsBuilder().parent(cli)
                .include(RcfComparisonBench.class.getName() + "\\.").build()).run();
        Map<String, double[]> ns = new HashMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            var p = r.getPrimaryResult();
            ns.put(name.substring(name.lastIndexOf('.') + 1), new double[]{p.getScore(), p.getScoreError()});
        }
        double[] rcf = ns.get("randomCutForest");
        System.out.printf(Locale.ROOT, "%nRandom Cut Forest: %,.0f ± %,.0f ns per point%n", rcf[0], rcf[1]);
        for (String k : new String[]{"lookahead", "lookaheadVector"}) {
            double[] l = ns.get(k);
            System.out.printf(Locale.ROOT, "%-16s %,.0f ± %,.0f ns per point: %.1fx cheaper than RCF (%.1fx to %.1fx within both intervals)%n",
                    k.equals("lookahead") ? "Lookahead SCALAR" : "Lookahead VECTOR", l[0], l[1], rcf[0] / l[0],
                    Math.max(0, rcf[0] - rcf[1]) / (l[0] + l[1]), (rcf[0] + rcf[1]) / Math.max(1e-9, l[0] - l[1]));
        }
    }
}
