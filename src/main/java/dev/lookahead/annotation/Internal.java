package dev.lookahead.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a package (on its {@code package-info.java}) or a type as internal to Lookahead: public in the Java sense
 * only because other Lookahead packages use it. It may change or go in any release without notice. Code that embeds
 * the detector uses {@link dev.lookahead.api} alone; {@code ArchitectureTest} checks that every other package of
 * the project carries this mark and that the API's signatures expose none of them.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PACKAGE, ElementType.TYPE})
public @interface Internal {
}
