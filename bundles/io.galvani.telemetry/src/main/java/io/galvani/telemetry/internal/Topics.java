package io.galvani.telemetry.internal;

/** The topic scheme (README "Topics"): everything below {@code galvani/{stationId}/}. */
final class Topics {
    static final String ROOT = "galvani";

    private final String prefix;

    Topics(String stationId) {
        this.prefix = ROOT + "/" + stationId + "/";
    }

    String status() {
        return prefix + "status";
    }

    String connector(int evseId, int connectorId) {
        return prefix + "evse/" + evseId + "/connector/" + connectorId + "/status";
    }

    String session(int evseId) {
        return prefix + "evse/" + evseId + "/session";
    }

    String meter(int evseId) {
        return prefix + "evse/" + evseId + "/meter";
    }

    String transaction(int evseId) {
        return prefix + "evse/" + evseId + "/transaction";
    }

    String link() {
        return prefix + "ocpp/link";
    }

    String security() {
        return prefix + "security/event";
    }

    String firmware() {
        return prefix + "firmware";
    }

    String firmwareUpdate() {
        return prefix + "firmware/update";
    }

    String bundle() {
        return prefix + "bundle";
    }

    String telemetry() {
        return prefix + "telemetry";
    }
}
