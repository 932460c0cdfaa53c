package io.galvani.firmware.installer.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Firmware installer", description = "Live installation of firmware images (bundle sets)")
public @interface InstallerConfig {

    @AttributeDefinition(description = "Seconds the swapped bundles and their DS components have to become active", min = "1")
    int componentTimeoutSeconds() default 30;

    @AttributeDefinition(description = "Seconds the station has after the swap to be healthy: OCPP link up and registration Accepted", min = "1")
    int healthTimeoutSeconds() default 90;

    @AttributeDefinition(description = "Milliseconds between looks at the EVSEs while a power-path change waits for them to be idle", min = "10")
    int idlePollMillis() default 1000;

    @AttributeDefinition(description = "Seconds a package refresh may take", min = "1")
    int refreshTimeoutSeconds() default 60;

    @AttributeDefinition(description = "Bundle sets kept on disk (the installed one and those before it, for rollback)", min = "2")
    int setsKept() default 2;
}
