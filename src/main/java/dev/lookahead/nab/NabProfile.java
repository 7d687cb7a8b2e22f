package dev.lookahead.nab;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One NAB cost profile: weights of a true positive, a false positive and a missed window (false negative). */
public record NabProfile(String name, double tpWeight, double fpWeight, double fnWeight) {

    public static final NabProfile STANDARD = new NabProfile("standard", 1.0, 0.11, 1.0);
    public static final NabProfile REWARD_LOW_FP_RATE = new NabProfile("reward_low_FP_rate", 1.0, 0.22, 1.0);
    public static final NabProfile REWARD_LOW_FN_RATE = new NabProfile("reward_low_FN_rate", 1.0, 0.11, 2.0);

    /** NAB v1.1's three profiles, as in its {@code config/profiles.json}. */
    public static List<NabProfile> defaults() {
        return List.of(STANDARD, REWARD_LOW_FP_RATE, REWARD_LOW_FN_RATE);
    }

    /** Reads a {@code profiles.json}: {@code {"name": {"CostMatrix": {"tpWeight": .., "fpWeight": .., "fnWeight": ..}}}}. */
    public static List<NabProfile> load(Path file) throws IOException {
        JsonNode root = Json.read(file);
        if (!root.isObject()) throw new IllegalArgumentException(file + ": expected a JSON object of profiles");
        Map<String, NabProfile> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            String name = e.getKey();
            JsonNode cm = e.getValue().path("CostMatrix");
            if (!cm.isObject()) throw new IllegalArgumentException(file + ": profile " + name + " has no CostMatrix object");
            out.put(name, new NabProfile(name, weight(file, name, cm, "tpWeight"), weight(file, name, cm, "fpWeight"),
                    weight(file, name, cm, "fnWeight")));
        }
        if (out.isEmpty()) throw new IllegalArgumentException(file + ": no profiles");
        return List.copyOf(out.values());
    }

    private static double weight(Path file, String profile, JsonNode cm, String key) {
        JsonNode w = cm.path(key);
        if (!w.isNumber()) throw new IllegalArgumentException(file + ": profile " + profile + " lacks a numeric " + key);
        return w.doubleValue();
    }
}
