package io.galvani.diagnostics.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import io.galvani.ocpp.model.types.LogEnumType;

/**
 * The contract between the distribution's conf/logback.xml and this bundle: file names per log type and a
 * leading ISO-8601 timestamp on every line, so that GetLog finds the files and can cut them by period.
 *
 * <p>The security log is written by io.galvani.security.events; logback's SECURITY appender (logger
 * "galvani.security") is its predecessor and leaves the shipped configuration with it. Until it does, its
 * contract is checked as before; once it is gone, logback must not create security.log, which belongs to
 * io.galvani.security.events then.
 */
class ShippedLogbackConfigTest {
    static final Path SHIPPED = Path.of("../../distribution/src/main/dist/conf/logback.xml");

    @TempDir
    Path data;

    @Test
    void securityEventsGoToTheSecurityLogOnlyAndEveryLogIsFoundAndDated() throws Exception {
        assumeTrue(Files.isRegularFile(SHIPPED), "distribution/src/main/dist/conf/logback.xml not found");
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        context.putProperty("galvani.data.dir", data.toString());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(SHIPPED.toFile());
        boolean securityAppender = Files.readString(SHIPPED).contains("name=\"SECURITY\"");
        if (securityAppender) {
            context.getLogger("galvani.security").info("InvalidCsmsCertificate tech=test");
        }
        context.getLogger("ocpp.messages").info("[2,\"1\",\"Heartbeat\",{}]");
        context.getLogger("io.galvani.station").info("operational line");
        context.stop();

        Path logs = data.resolve("logs");
        if (securityAppender) {
            assertThat(Files.readString(logs.resolve("security.log"))).contains("InvalidCsmsCertificate");
            assertThat(LogArchiver.select(logs, LogEnumType.SecurityLog, null, null))
                    .extracting(f -> f.path().getFileName().toString()).containsExactly("security.log");
        } else {
            assertThat(logs.resolve("security.log")).as("written by io.galvani.security.events only").doesNotExist();
        }
        assertThat(Files.readString(logs.resolve("galvani.log"))).contains("operational line")
                .doesNotContain("InvalidCsmsCertificate");
        assertThat(Files.readString(logs.resolve("ocpp-messages.log"))).contains("Heartbeat")
                .doesNotContain("InvalidCsmsCertificate");

        assertThat(LogArchiver.select(logs, LogEnumType.DiagnosticsLog, null, null))
                .extracting(f -> f.path().getFileName().toString()).containsExactly("galvani.log", "ocpp-messages.log");
        for (String file : securityAppender ? List.of("security.log", "galvani.log", "ocpp-messages.log")
                : List.of("galvani.log", "ocpp-messages.log")) {
            String first = Files.readAllLines(logs.resolve(file)).get(0);
            assertThat(LogArchiver.timestamp(first)).as(file).isCloseTo(Instant.now(), Assertions.within1Minute());
        }
    }

    /** Small helper to keep the assertion readable. */
    static final class Assertions {
        static org.assertj.core.data.TemporalUnitOffset within1Minute() {
            return org.assertj.core.api.Assertions.within(1, ChronoUnit.MINUTES);
        }
    }
}
