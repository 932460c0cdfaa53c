package io.galvani.provisioning.internal;

import io.galvani.ocpp.model.types.ChargingStationType;

/** What the station says about itself in BootNotification. */
record BootContent(String vendorName, String model, String serialNumber, String firmwareVersion) {

    static BootContent from(ProvisioningConfig config, String bundleVersion) {
        String firmware = config.firmwareVersion().isBlank() ? bundleVersion : config.firmwareVersion();
        return new BootContent(config.vendorName(), config.model(), config.serialNumber(), firmware);
    }

    BootContent withFirmwareVersion(String version) {
        return new BootContent(vendorName, model, serialNumber, version);
    }

    ChargingStationType toChargingStation() {
        ChargingStationType station = ChargingStationType.of(model, vendorName).withFirmwareVersion(firmwareVersion);
        return serialNumber.isBlank() ? station : station.withSerialNumber(serialNumber);
    }
}
