package io.galvani.hal.api;

/**
 * Health of a device as its driver sees it.
 *
 * @param state  ONLINE, OFFLINE (not reachable) or FAULTED
 * @param reason why the device is not ONLINE, e.g. "insulation fault"; null when ONLINE
 */
public record DeviceStatus(State state, String reason) {

    /** Device health states. */
    public enum State {
        ONLINE, OFFLINE, FAULTED
    }

    public static final DeviceStatus ONLINE = new DeviceStatus(State.ONLINE, null);

    public static DeviceStatus faulted(String reason) {
        return new DeviceStatus(State.FAULTED, reason);
    }

    public static DeviceStatus offline(String reason) {
        return new DeviceStatus(State.OFFLINE, reason);
    }

    public boolean isOnline() {
        return state == State.ONLINE;
    }
}
