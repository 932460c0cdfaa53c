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
        assertThat(levels.of("slf4j.api.extra")).isEqualTo(3);
        assertThat(levels.of("io.galvani.ocpp.rpc")).isEqualTo(3);
        assertThat(levels.highest()).isEqualTo(3);
    }

    @Test
    void theDefaultLevelIsConfigurableAndTheHighestLevelCountsIt() {
        Properties p = new Properties();
        p.setProperty("startlevel.1", "a");
        p.setProperty("startlevel.3", "io.galvani.ocpp.*");
        p.setProperty("startlevel.default", "4");
        StartLevels levels = new StartLevels(p);
        assertThat(levels.of("io.galvani.ocpp.rpc")).isEqualTo(3);
        assertThat(levels.of("io.galvani.localapi")).isEqualTo(4);
        assertThat(levels.highest()).isEqualTo(4);
    }
}
