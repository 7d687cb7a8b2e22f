package dev.lookahead.bench;

import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.detector.Outcome;
import dev.lookahead.detector.PointResult;
import dev.lookahead.model.LstmModel;
import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.runner.DirectRunner;
import dev.lookahead.synthetic.AnomalyKind;
import dev.lookahead.synthetic.AnomalyWindow;
import dev.lookahead.synthetic.LabelledSeries;
import dev.lookahead.synthetic.RigRecipe;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Research: the rig recipe scored point-wise per kind; {@code -Dprefix=N} first feeds N rows of the fault-free recording to each key. */
public final class RigStudy {
    public static void main(String[] args) throws Exception {
        DetectorConfig cfg = AccuracyStudy.config(System.getProperty("set", ""));
        LstmModel model = args.length > 0 ? ModelSnapshots.read(Path.of(args[0])) : ModelSnapshots.bundled();
        int prefix = Integer.getInteger("prefix", 0);
        LabelledSeries train = RigRecipe.training(42);
        List<LabelledSeries> recs = RigRecipe.recordings(42, 30, 1200);
        Map<AnomalyKind, long[]> byKind = new EnumMap<>(AnomalyKind.class);   // tp fp fn tn found windows
        long[] all = new long[6];
        for (LabelledSeries r : recs) {
            int n = prefix + r.size();
            long[] t = new long[n];
            double[][] v = new double[n][];
            for (int i = 0; i < prefix; i++) {
                t[i] = r.times()[0] - (prefix - i) * 1000L;
                v[i] = train.values()[train.size() - prefix + i];
            }
            for (int i = 0; i < r.size(); i++) {
                t[prefix + i] = r.times()[i];
                v[prefix + i] = r.values()[i];
            }
            Outcome[] out = new DirectRunner(model, cfg).run(r.key(), r.channels(), t, v);
            AnomalyKind kind = r.anomalies().get(0).kind();
            long[] c = byKind.computeIfAbsent(kind, k -> new long[6]);
            boolean found = false;
            for (int i = 0; i < r.size(); i++) {
                boolean flag = out[prefix + i] instanceof PointResult p && p.anomaly();
                boolean lab = r.labels()[i];
                int idx = flag ? (lab ? 0 : 1) : (lab ? 2 : 3);
                c[idx]++;
                all[idx]++;
                if (flag && lab) found = true;
            }
            if (found) { c[4]++; all[4]++; }
            c[5]++; all[5]++;
        }
        byKind.forEach((k, c) -> System.out.println(line(k.toString(), c)));
        System.out.println(line("all", all));
    }

    static String line(String name, long[] c) {
        double p = c[0] / (double) Math.max(1, c[0] + c[1]), rcl = c[0] / (double) Math.max(1, c[0] + c[2]);
        double f1 = p + rcl == 0 ? 0 : 2 * p * rcl / (p + rcl), far = c[1] / (double) Math.max(1, c[1] + c[3]);
        return String.format(Locale.ROOT, "%-22s P %.3f R %.3f F1 %.3f FAR %.3f windows %d/%d", name, p, rcl, f1, far, c[4], c[5]);
    }
}
