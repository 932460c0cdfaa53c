package io.galvani.ocpp.model;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The schema's {@code minItems} / {@code maxItems} of an array. A list outside these bounds is
 * rejected with {@link OcppErrorCode#OccurrenceConstraintViolation}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE_USE)
public @interface Items {
    int min() default 0;

    int max() default Integer.MAX_VALUE;
}
