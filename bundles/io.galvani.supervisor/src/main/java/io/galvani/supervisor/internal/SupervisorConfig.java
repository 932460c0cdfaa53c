package io.galvani.supervisor.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Galvani supervisor",
        description = "Restarts failed components with back-off and reports faults to the CSMS")
public @interface SupervisorConfig {

    @AttributeDefinition(description = "Milliseconds between two looks at the components and threads", min = "50")
    long pollMillis() default 1000;

    @AttributeDefinition(description = "Wait before the first restart of a component whose activation failed (ms)", min = "1")
    long backOffMinMillis() default 2000;

    @AttributeDefinition(description = "Longest wait between two restarts of a failing component (ms)", min = "1")
    long backOffMaxMillis() default 300000;

    @AttributeDefinition(description = "A component activation running longer than this (ms) is interrupted and "
            + "counted as failed; 0 turns the watchdog off", min = "0")
    long activationTimeoutMillis() default 10000;

    @AttributeDefinition(description = "How long after a bundle stopped its threads must be gone (ms)", min = "0")
    long threadGraceMillis() default 5000;

    @AttributeDefinition(description = "Interrupt, once, a thread still running code of a stopped bundle")
    boolean interruptLeakedThreads() default true;

    @AttributeDefinition(description = "Symbolic names of bundles whose components are not restarted (e.g. ones "
            + "an installer disables on purpose)")
    String[] unsupervisedBundles() default {};
}
