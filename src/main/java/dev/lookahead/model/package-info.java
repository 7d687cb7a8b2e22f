/**
 * The forecasting model: its architecture, its weights in a documented flat layout, the allocation-free
 * per-point LSTM step, and versioned snapshots with provenance.
 *
 * <p>No Flink or Kafka here: this package is part of the engine-agnostic core.
 */
package dev.lookahead.model;
