/**
 * Annotations that draw the line between Lookahead's public API ({@link dev.lookahead.api}) and its internals
 * ({@link dev.lookahead.annotation.Internal}).
 */
package dev.lookahead.annotation;
