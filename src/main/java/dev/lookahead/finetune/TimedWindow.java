package dev.lookahead.finetune;

import dev.lookahead.training.TrainingWindow;

/**
 * A training window cut online, with where and when it came from (for provenance: a snapshot records the
 * event-time range of the windows it was trained on).
 *
 * @param key    the key it was cut from
 * @param window normalised inputs and targets, as the detector saw them
 * @param from   event time of the first input
 * @param to     event time of the last target
 */
public record TimedWindow(String key, TrainingWindow window, long from, long to) {
}
