package dev.lookahead.api;

import dev.lookahead.config.LookaheadConfig;
import dev.lookahead.config.Setting;
import dev.lookahead.config.Settings;
import dev.lookahead.detector.Detector;
import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.model.LstmModel;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a builder resolved: the model, the detector's settings, and the detector built from them. */
final class DetectorSetup {

    final LstmModel model;
    final DetectorConfig config;
    final Detector detector;
    final Map<String, String> settings;

    DetectorSetup(LstmModel model, DetectorConfig config, LookaheadConfig loaded) {
        this.model = model;
        this.config = config;
        this.detector = new Detector(model, config);   // fails fast when the model cannot serve the channels
        Map<String, String> s = new LinkedHashMap<>();
        for (Setting<?> row : Settings.all())
            if (row.key().startsWith("detector.")) s.put(row.key(), loaded.get(row.key()));
        this.settings = Collections.unmodifiableMap(s);
    }
}
