package dev.lookahead.training;

import java.util.List;

/** Windows divided into a training and a held-out validation part. */
public record WindowSplit(List<TrainingWindow> train, List<TrainingWindow> validation) {

    public WindowSplit {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
    }
}
