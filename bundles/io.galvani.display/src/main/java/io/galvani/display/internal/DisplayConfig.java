package io.galvani.display.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration of PID {@code io.galvani.display}; a change applies at once (the screen is redrawn). */
@ObjectClassDefinition(name = "Galvani station display",
        description = "What the station's screen shows: texts for the driver in each charging state")
public @interface DisplayConfig {

    @AttributeDefinition(description = "Language of the screen texts; an unknown value is rejected",
            options = { @Option(label = "English", value = "en"), @Option(label = "Deutsch", value = "de") })
    String language() default "en";
}
