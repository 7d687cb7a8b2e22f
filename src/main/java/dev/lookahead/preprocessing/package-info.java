/**
 * Per-key preprocessing: robust online normalisation, event-time interval and gap tracking, and the per-key
 * reorder buffer. Every decision here uses the key's own event timestamps; no global watermark is consulted, so a
 * sensor with a skewed clock never disturbs another.
 */
@dev.lookahead.annotation.Internal
package dev.lookahead.preprocessing;
