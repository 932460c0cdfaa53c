package io.galvani.security.events.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Operator console (Gogo, scope {@code security}): {@code security:verify}, {@code security:events [n]},
 * {@code security:clear yes}. Plain public methods; Gogo prints what they return.
 */
@Component(service = SecurityCommands.class, property = { "osgi.command.scope=security",
        "osgi.command.function=verify", "osgi.command.function=events", "osgi.command.function=clear" })
public final class SecurityCommands {
    static final int DEFAULT_EVENTS = 20;
    private volatile SecurityLogConsole log;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setLog(SecurityLogConsole console) {
        this.log = console;
    }

    void unsetLog(SecurityLogConsole console) {
        if (log == console) {
            log = null;
        }
    }

    /** Checks the hash chain of every file; names the first broken line. */
    public String verify() {
        SecurityLogConsole l = log;
        return l == null ? notRunning() : l.verify();
    }

    /** The last 20 records. */
    public String events() {
        return events(DEFAULT_EVENTS);
    }

    /** The last {@code n} records (at most 1000), oldest first. */
    public String events(int n) {
        SecurityLogConsole l = log;
        return l == null ? notRunning() : l.lastEvents(n);
    }

    /** Without "yes": says what it would do. */
    public String clear() {
        return "security:clear yes  deletes every security log file and starts it again with SecurityLogWasCleared "
                + "(critical: the CSMS is told). Refused while critical events wait for the outbox.\n";
    }

    /** Deletes the security log and starts it again with SecurityLogWasCleared, if {@code confirm} is "yes". */
    public String clear(String confirm) {
        if (!"yes".equals(confirm)) {
            return clear();
        }
        SecurityLogConsole l = log;
        return l == null ? notRunning() : l.clear("operator (" + System.getProperty("user.name", "?") + ")");
    }

    private static String notRunning() {
        return "Security events are not running (see galvani.log)\n";
    }
}
