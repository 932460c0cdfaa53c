package io.galvani.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;

import org.junit.jupiter.api.Test;

class StartLevelsTest {

    @Test
    void exactNamesAndPrefixesGetTheirLevelAndTheRestStartsLast() {
        Properties p = new Properties();
        p.setProperty("startlevel.1", "org.apache.aries.spifly.dynamic.bundle, org.objectweb.asm*");
        p.setProperty("startlevel.2", "ch.qos.logback.*,slf4j.api");
        StartLevels levels = new StartLevels(p);
        assertThat(levels.of("org.apache.aries.spifly.dynamic.bundle")).isEqualTo(1);
        assertThat(levels.of("org.objectweb.asm.tree")).isEqualTo(1);
        assertThat(levels.of("ch.qos.logback.classic")).isEqualTo(2);
        assertThat(levels.of("slf4j.api")).isEqualTo(2);
        assertThat(levels.of("slf4j.api.extra")).isEqualTo(StartLevels.FINAL);
        assertThat(levels.of("io.galvani.ocpp.rpc")).isEqualTo(StartLevels.FINAL);
    }
}
