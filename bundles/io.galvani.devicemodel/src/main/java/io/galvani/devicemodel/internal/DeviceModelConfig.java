package io.galvani.devicemodel.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The device model's limits (PID {@value DeviceModelService#PID}); reported read-only to the CSMS as
 * the DeviceDataCtrlr variables named in each description. The reference product used 10 items and
 * 16384 bytes for all three messages.
 */
@ObjectClassDefinition(name = "Galvani device model", description = "Limits of GetVariables, SetVariables and reports")
public @interface DeviceModelConfig {

    @AttributeDefinition(description = "DeviceDataCtrlr.ItemsPerMessage[GetVariables]: most getVariableData items in one request", min = "1")
    int itemsPerMessageGetVariables() default 50;

    @AttributeDefinition(description = "DeviceDataCtrlr.ItemsPerMessage[SetVariables]: most setVariableData items in one request", min = "1")
    int itemsPerMessageSetVariables() default 50;

    @AttributeDefinition(description = "DeviceDataCtrlr.ItemsPerMessage[GetReport]: most componentVariable items in a GetReport"
            + " and most reportData items in one NotifyReport", min = "1")
    int itemsPerMessageGetReport() default 50;

    @AttributeDefinition(description = "DeviceDataCtrlr.BytesPerMessage[GetVariables]: longest GetVariables request in bytes", min = "512")
    int bytesPerMessageGetVariables() default 16384;

    @AttributeDefinition(description = "DeviceDataCtrlr.BytesPerMessage[SetVariables]: longest SetVariables request in bytes", min = "512")
    int bytesPerMessageSetVariables() default 16384;

    @AttributeDefinition(description = "DeviceDataCtrlr.BytesPerMessage[GetReport]: longest GetReport request and longest"
            + " NotifyReport message in bytes", min = "1024")
    int bytesPerMessageGetReport() default 16384;

    @AttributeDefinition(description = "DeviceDataCtrlr.ConfigurationValueSize: longest value SetVariables accepts", min = "1",
            max = "1000")
    int configurationValueSize() default 1000;

    @AttributeDefinition(description = "DeviceDataCtrlr.ReportingValueSize: longest value reported; longer ones are truncated",
            min = "1", max = "2500")
    int reportingValueSize() default 2500;
}
