package io.galvani.csms.demo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to start a {@link DemoCsms}. Use {@link #builder()}; {@link #defaults()} = loopback, ephemeral port.
 *
 * @param host              interface to bind; default {@code 127.0.0.1} (the demo is not meant for a network)
 * @param port              TCP port; 0 = any free port (see {@link DemoCsms#url()})
 * @param path              endpoint path; stations connect to {@code path + "/" + stationId}; default {@code /ocpp}
 * @param basicAuthPassword when set, the upgrade needs {@code Authorization: Basic base64(stationId:password)},
 *                          otherwise it is refused with HTTP 401 (security profile 1); {@code null} = no check
 * @param validator         extra frame checks on top of the framing check; {@code null} = none
 * @param replies           responders by action that replace the {@linkplain Replies#defaults() default script}
 * @param logTraffic        log every frame readably to the SLF4J logger {@code galvani.csms.demo} at INFO
 * @param tls               TLS (wss://, security profiles 2 and 3); {@code null} = plain ws://
 */
public record CsmsOptions(String host, int port, String path, String basicAuthPassword, FrameValidator validator,
        Map<String, CallResponder> replies, boolean logTraffic, TlsOptions tls) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final String DEFAULT_PATH = "/ocpp";

    public CsmsOptions {
        host = host == null || host.isBlank() ? DEFAULT_HOST : host;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        path = normalizePath(path);
        replies = Map.copyOf(replies == null ? Map.of() : replies);
    }

    /** Without TLS (the constructor of version 1.1). */
    public CsmsOptions(String host, int port, String path, String basicAuthPassword, FrameValidator validator,
            Map<String, CallResponder> replies, boolean logTraffic) {
        this(host, port, path, basicAuthPassword, validator, replies, logTraffic, null);
    }

    public static CsmsOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** "/ocpp/" → "/ocpp", "ocpp" → "/ocpp", "" or "/" → "" (stations then connect to /stationId). */
    private static String normalizePath(String path) {
        String p = path == null ? DEFAULT_PATH : path.trim();
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() || p.startsWith("/") ? p : "/" + p;
    }

    /** Builder with the defaults of {@link CsmsOptions}. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port;
        private String path = DEFAULT_PATH;
        private String basicAuthPassword;
        private FrameValidator validator;
        private final Map<String, CallResponder> replies = new LinkedHashMap<>();
        private boolean logTraffic = true;
        private TlsOptions tls;

        private Builder() {
        }

        public Builder host(String value) {
            this.host = value;
            return this;
        }

        public Builder port(int value) {
            this.port = value;
            return this;
        }

        public Builder path(String value) {
            this.path = value;
            return this;
        }

        public Builder basicAuthPassword(String value) {
            this.basicAuthPassword = value;
            return this;
        }

        public Builder validator(FrameValidator value) {
            this.validator = value;
            return this;
        }

        /** Replace the default reply for one action. */
        public Builder reply(String action, CallResponder responder) {
            replies.put(Objects.requireNonNull(action, "action"), Objects.requireNonNull(responder, "responder"));
            return this;
        }

        public Builder logTraffic(boolean value) {
            this.logTraffic = value;
            return this;
        }

        /** Serve wss:// with these TLS settings. */
        public Builder tls(TlsOptions value) {
            this.tls = value;
            return this;
        }

        public CsmsOptions build() {
            return new CsmsOptions(host, port, path, basicAuthPassword, validator, replies, logTraffic, tls);
        }
    }
}
