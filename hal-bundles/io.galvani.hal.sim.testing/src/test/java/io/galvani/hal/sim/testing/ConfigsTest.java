package io.galvani.hal.sim.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class ConfigsTest {

    @interface Sample {
        int intervalSeconds() default 300;

        long budget() default 7L;

        boolean enabled() default true;

        String name() default "Galvani";

        TimeUnit unit() default TimeUnit.SECONDS;

        double ratio() default 0.5;
    }

    @Test
    void defaultsWhenNothingIsGiven() {
        Sample s = Configs.defaults(Sample.class);

        assertThat(s.intervalSeconds()).isEqualTo(300);
        assertThat(s.budget()).isEqualTo(7L);
        assertThat(s.enabled()).isTrue();
        assertThat(s.name()).isEqualTo("Galvani");
        assertThat(s.unit()).isEqualTo(TimeUnit.SECONDS);
        assertThat(s.annotationType()).isEqualTo(Sample.class);
    }

    @Test
    void overridesByMethodNameOfTheRightType() {
        Sample s = Configs.of(Sample.class, Map.of("intervalSeconds", 10, "enabled", false, "name", "X"));

        assertThat(s.intervalSeconds()).isEqualTo(10);
        assertThat(s.enabled()).isFalse();
        assertThat(s.name()).isEqualTo("X");
        assertThat(s.budget()).isEqualTo(7L);
    }

    @Test
    void propertiesAsConfigAdminHoldsThemAreConvertedAsDsDoes() {
        Sample s = Configs.of(Sample.class, Map.of("intervalSeconds", "15", "budget", 3, "enabled", "false",
                "unit", "MINUTES", "ratio", "0.25", "name", 42));

        assertThat(s.intervalSeconds()).isEqualTo(15);
        assertThat(s.budget()).isEqualTo(3L);
        assertThat(s.enabled()).isFalse();
        assertThat(s.unit()).isEqualTo(TimeUnit.MINUTES);
        assertThat(s.ratio()).isEqualTo(0.25);
        assertThat(s.name()).isEqualTo("42");
    }

    @Test
    void aNullValueTakesTheDefault() {
        Map<String, Object> m = new HashMap<>();
        m.put("name", null);

        assertThat(Configs.of(Sample.class, m).name()).isEqualTo("Galvani");
    }
}
