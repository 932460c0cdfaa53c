package io.galvani.telemetry.internal;

import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;

/** Plain words for why the broker could not be reached or refused us; never contains a credential. */
final class Reasons {
    private Reasons() {
    }

    static String describe(MqttException e) {
        int code = e.getReasonCode();
        String words = switch (code) {
            case 128 -> "unspecified error";
            case 133 -> "client identifier not valid";
            case 134 -> "bad user name or password";
            case 135 -> "not authorized";
            case 136 -> "server unavailable";
            case 137 -> "server busy";
            case 138 -> "banned";
            case 140 -> "bad authentication method";
            case 149 -> "packet too large";
            case 151 -> "quota exceeded";
            case MqttClientException.REASON_CODE_CLIENT_TIMEOUT -> "timed out";
            case MqttClientException.REASON_CODE_SERVER_CONNECT_ERROR -> "cannot connect";
            case MqttClientException.REASON_CODE_CONNECTION_LOST -> "connection lost";
            default -> e.getMessage();
        };
        Throwable cause = e.getCause();
        while (cause != null && cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return "reason code " + code + " (" + words + ")" + (cause == null ? "" : ": " + cause);
    }

    /** Whether retrying with the same settings cannot help: an operator must fix the configuration. */
    static boolean refused(MqttException e) {
        int code = e.getReasonCode();
        return code == 133 || code == 134 || code == 135 || code == 138 || code == 140;
    }
}
