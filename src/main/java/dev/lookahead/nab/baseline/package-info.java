/**
 * NAB's own deterministic baseline detectors, reimplemented in Java operation for operation (including the numpy
 * and CPython numerics they rely on), so that running them here and scoring with {@code dev.lookahead.nab} can be
 * compared with NAB's published scores: a check of the scorer that needs neither NAB's code nor its results.
 */
@dev.lookahead.annotation.Internal
package dev.lookahead.nab.baseline;
