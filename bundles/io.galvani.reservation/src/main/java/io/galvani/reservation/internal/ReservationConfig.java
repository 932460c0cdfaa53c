package io.galvani.reservation.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@value ReservationComponent#PID}; written by SetVariables on ReservationCtrlr. */
@ObjectClassDefinition(name = "Galvani reservation", description = "OCPP 2.0.1 Reservation (H01-H04)")
public @interface ReservationConfig {

    @AttributeDefinition(description = "ReservationCtrlr.Enabled: accept ReserveNow (false: Rejected, H01.FR.01; "
            + "existing reservations stay)")
    boolean enabled() default true;

    @AttributeDefinition(description = "ReservationCtrlr.NonEvseSpecific: accept reservations without evseId "
            + "(any EVSE, or any EVSE with the requested connector type), H01.FR.18/19")
    boolean nonEvseSpecific() default true;
}
