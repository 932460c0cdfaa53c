package io.galvani.ocpp.model;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The schema's {@code maxLength} of a string, in Unicode code points. A longer value is rejected
 * with {@link OcppErrorCode#PropertyConstraintViolation}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE_USE)
public @interface MaxLength {
    int value();
}
