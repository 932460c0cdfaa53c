package io.galvani.reservation.internal;

import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Operator console command {@code reservation:list}: the reservations in force, idTokens masked. */
@Component(service = ReservationCommands.class, property = { "osgi.command.scope=reservation",
        "osgi.command.function=list" })
public final class ReservationCommands {
    private final ReservationDesk desk;

    @Activate
    public ReservationCommands(@Reference ReservationDesk desk) {
        this.desk = desk;
    }

    public String list() {
        List<Reservation> all = desk.reservations();
        if (all.isEmpty()) {
            return "no reservations";
        }
        StringBuilder out = new StringBuilder();
        all.forEach(r -> out.append(r).append(System.lineSeparator()));
        return out.toString().strip();
    }
}
