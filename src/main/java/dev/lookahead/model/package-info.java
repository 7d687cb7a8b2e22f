/**
 * The forecasting model: its architecture, its weights in a documented flat layout, the allocation-free
 * per-point LSTM step ({@link dev.lookahead.model.StepKernel}: scalar, or on the JDK Vector API, one chosen per
 * deployment by {@link dev.lookahead.model.StepKernelType}), and versioned snapshots with provenance, kept in a {@link dev.lookahead.model.ModelStore}
 * (a directory: {@link dev.lookahead.model.FileModelStore}; a compacted Kafka topic lives with the Kafka adapter).
 *
 * <p>No Flink or Kafka here: this package is part of the engine-agnostic core.
 */
@dev.lookahead.annotation.Internal
package dev.lookahead.model;
