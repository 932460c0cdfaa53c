package io.galvani.telemetry.internal;

/**
 * One MQTT message ready to go: its topic below {@code galvani/{stationId}/}, JSON payload and retain flag.
 *
 * @param id       the buffer's sequence number once stored, else 0
 * @param meter    whether it is a meter sample (the first to go when the buffer is full)
 */
record Message(long id, boolean meter, String topic, byte[] payload, boolean retained) {

    static Message event(String topic, byte[] payload, boolean retained) {
        return new Message(0, false, topic, payload, retained);
    }

    static Message meter(String topic, byte[] payload) {
        return new Message(0, true, topic, payload, false);
    }
}
