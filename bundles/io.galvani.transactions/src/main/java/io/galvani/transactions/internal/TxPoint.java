package io.galvani.transactions.internal;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The values of TxCtrlr.TxStartPoint and TxStopPoint (Part 2 §E, "Flexible transaction start/stop").
 *
 * <p>How each is observed on this hardware: a DC dispenser has no parking-bay detector, so
 * ParkingBayOccupancy is the vehicle's cable being connected (the earliest sign of an EV in the bay);
 * its meter cannot sign readings (SampledDataSignReadings unsupported), so DataSigned as a start point
 * is reached with the power path (where a signing meter would sign the start value) and is refused as
 * a stop point, as the specification lists it only for starting. PowerPathClosed is reached when the
 * power cabinet closed the DC contactors after a passed cable check (PRE_CHARGE or CHARGING): the EV
 * is connected and the driver authorized (E01.FR.05), and the insulation test passed.
 */
enum TxPoint {
    ParkingBayOccupancy, EVConnected, Authorized, DataSigned, PowerPathClosed, EnergyTransfer;

    static final String VALUES_LIST = "ParkingBayOccupancy,EVConnected,Authorized,DataSigned,PowerPathClosed,EnergyTransfer";
    static final String STOP_VALUES_LIST = "ParkingBayOccupancy,EVConnected,Authorized,PowerPathClosed,EnergyTransfer";

    /**
     * Parses a comma-separated member list.
     *
     * @throws IllegalArgumentException naming the value when it is empty, unknown, repeated or (for a stop
     *         point) DataSigned
     */
    static Set<TxPoint> parse(String list, boolean stop) {
        if (list == null || list.isBlank()) {
            throw new IllegalArgumentException("at least one of " + (stop ? STOP_VALUES_LIST : VALUES_LIST)
                    + " is required");
        }
        Set<TxPoint> points = EnumSet.noneOf(TxPoint.class);
        for (String raw : list.split(",", -1)) {
            String name = raw.trim();
            TxPoint point = find(name);
            if (point == null) {
                throw new IllegalArgumentException("'" + name + "' is not one of " + (stop ? STOP_VALUES_LIST
                        : VALUES_LIST));
            }
            if (stop && point == DataSigned) {
                throw new IllegalArgumentException("DataSigned is a start point only (no signing meter to lose)");
            }
            if (!points.add(point)) {
                throw new IllegalArgumentException("'" + name + "' is listed twice");
            }
        }
        return points;
    }

    static String format(Set<TxPoint> points) {
        List<String> names = new ArrayList<>();
        points.forEach(p -> names.add(p.name()));
        return String.join(",", names);
    }

    private static TxPoint find(String name) {
        for (TxPoint p : values()) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }

    static String describe(Set<TxPoint> points) {
        return points.stream().map(p -> p.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining("/"));
    }
}
