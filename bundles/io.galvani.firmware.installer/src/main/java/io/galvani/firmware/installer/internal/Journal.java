package io.galvani.firmware.installer.internal;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What an installation in progress has done, written before the first bundle is touched, so that the next start
 * after a power cut can finish it.
 *
 * @param phase                   {@code APPLYING}: bundles are being swapped (recovery rolls back);
 *                                {@code APPLIED}: the new set is in place, the health check is pending (recovery runs
 *                                it and commits or rolls back); {@code STAGED_FOR_RESTART}: the new set is staged for
 *                                the launcher, which applies it at the restart (recovery reads the launcher's outcome,
 *                                see {@link StagedSetFile}); {@code ROLLBACK_STAGED}: the new set failed its health
 *                                check after the restart and the previous set is staged for another restart
 * @param fromSet                 folder name (under {@code sets/}) of the set before the installation
 * @param toSet                   folder name of the new set
 * @param previousFirmwareVersion the provisioning configuration's firmwareVersion before (empty if unset)
 * @param powerPath               the installation restarts a power-path bundle
 * @param linkUpBefore            the OCPP link was up when the installation began (a station offline before is not
 *                                failed for being offline after a restart)
 */
record Journal(String phase, String fromSet, String toSet, String previousFirmwareVersion, boolean powerPath,
               boolean linkUpBefore) {
    static final String APPLYING = "APPLYING";
    static final String APPLIED = "APPLIED";
    static final String STAGED_FOR_RESTART = "STAGED_FOR_RESTART";
    static final String ROLLBACK_STAGED = "ROLLBACK_STAGED";
    private static final java.util.Set<String> PHASES = java.util.Set.of(APPLYING, APPLIED, STAGED_FOR_RESTART, ROLLBACK_STAGED);

    Journal(String phase, String fromSet, String toSet, String previousFirmwareVersion, boolean powerPath) {
        this(phase, fromSet, toSet, previousFirmwareVersion, powerPath, true);
    }
    private static final ObjectMapper JSON = new ObjectMapper();

    Journal withPhase(String newPhase) {
        return new Journal(newPhase, fromSet, toSet, previousFirmwareVersion, powerPath, linkUpBefore);
    }

    byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(JSON.createObjectNode().put("version", 1).put("phase", phase)
                    .put("fromSet", fromSet).put("toSet", toSet).put("previousFirmwareVersion", previousFirmwareVersion)
                    .put("powerPath", powerPath).put("linkUpBefore", linkUpBefore));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Journal parse(byte[] json) throws IOException {
        JsonNode n = JSON.readTree(json);
        if (n == null || n.path("version").asInt() != 1) {
            throw new IOException("unknown journal version");
        }
        String phase = n.path("phase").asText();
        if (!PHASES.contains(phase)) {
            throw new IOException("unknown journal phase " + phase);
        }
        return new Journal(phase, n.path("fromSet").asText(), n.path("toSet").asText(),
                n.path("previousFirmwareVersion").asText(""), n.path("powerPath").asBoolean(),
                n.path("linkUpBefore").asBoolean(true)); // absent in journals of 1.0 installers: they checked it
    }
}
