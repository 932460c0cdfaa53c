package io.galvani.supervisor.internal;

/** A DS component description: its bundle and its name (unique within the bundle). */
record ComponentId(long bundleId, String bundle, String name) {

    @Override
    public String toString() {
        return name + " (" + bundle + ")";
    }
}
