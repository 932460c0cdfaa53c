package io.galvani.security.events.internal;

/**
 * What the console may do with the security log (internal service of this bundle, used by
 * {@link SecurityCommands}). Each method returns text for the operator.
 */
public interface SecurityLogConsole {

    /** Verifies the whole chain; the report names the first broken line. */
    String verify();

    /** The last {@code n} records, oldest first, with whether critical events are queued for the CSMS. */
    String lastEvents(int n);

    /** Deletes the log and starts it again with SecurityLogWasCleared; refused while events wait for the outbox. */
    String clear(String who);
}
