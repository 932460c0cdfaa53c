package io.galvani.ocpp.model;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The schema lists this property as required: it is never null in an instance, and a payload that
 * lacks it is rejected with {@link OcppErrorCode#OccurrenceConstraintViolation}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Required {
}
