package io.galvani.csms.demo;

import java.util.ArrayList;
import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

import io.galvani.csms.demo.internal.FramingCheck;

/**
 * Checks frames as they are recorded, in both directions (so scripted CSMS replies are checked too); what it
 * returns is stored in {@link Frame#violations()}.
 *
 * <p>The CSMS always applies the {@link #framing()} check itself and calls the configured validator only for frames
 * that are well framed, so {@code frame.messageTypeId()} is 2, 3 or 4 and {@code frame.payload()} is an object.
 * A JSON-schema validator (official OCPP schemas) lives in the tests module. Called on Jetty threads, possibly
 * concurrently for different stations; must not block.
 */
@ConsumerType
@FunctionalInterface
public interface FrameValidator {

    /** @return human-readable violations, empty when the frame is fine; never {@code null} */
    List<String> validate(Frame frame);

    /** OCPP-J framing: a JSON array of the right shape, a known type id, a messageId of at most 36 characters. */
    static FrameValidator framing() {
        return frame -> FramingCheck.parse(frame.text()).violations();
    }

    /** Both validators, this one's findings first. */
    default FrameValidator and(FrameValidator other) {
        return frame -> {
            List<String> all = new ArrayList<>(validate(frame));
            all.addAll(other.validate(frame));
            return all;
        };
    }
}
