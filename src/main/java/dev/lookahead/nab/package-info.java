/**
 * The Numenta Anomaly Benchmark (NAB v1.1) scorer in plain Java: probationary period, anomaly windows, the
 * scaled-sigmoid sweep of {@code nab/sweeper.py}, cost profiles, one corpus-wide threshold per profile and the
 * normalisation against the null and perfect detectors; the results-layout writer and the one function that turns a
 * scored point into the score NAB sees ({@link dev.lookahead.nab.NabScoreSource}), shared by both engines. No engine
 * code here: inputs are timestamps and anomaly scores, read from NAB's results layout or built in memory.
 */
@dev.lookahead.annotation.Internal
package dev.lookahead.nab;
