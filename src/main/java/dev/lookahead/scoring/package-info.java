/**
 * From forecast residual to calibrated anomaly score and incidents: per-channel error scale, the anomaly
 * likelihood of the recent error level against the key's long-run error distribution, and alert grouping so a
 * sustained anomaly is one incident.
 */
@dev.lookahead.annotation.Internal
package dev.lookahead.scoring;
