package io.galvani.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RebootPropertiesTest {

    @Test
    void resetRetries_parsedLeniently() {
        assertThat(StationLauncher.retries(null)).isZero();
        assertThat(StationLauncher.retries(" 3 ")).isEqualTo(3);
        assertThat(StationLauncher.retries("-2")).isZero();
        assertThat(StationLauncher.retries("many")).isZero();
    }
}
