package io.galvani.display.api;

import org.osgi.annotation.versioning.ProviderType;

/** The display bundle's current decision, for a caller that asks rather than listens (a console, a test). */
@ProviderType
public interface DisplayScreens {

    /** The screen as of the last redraw (at most about a second old). */
    StationScreen current();
}
