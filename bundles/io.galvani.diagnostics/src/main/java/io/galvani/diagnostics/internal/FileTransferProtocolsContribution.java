package io.galvani.diagnostics.internal;

import java.util.Collection;
import java.util.List;

import org.osgi.service.component.annotations.Component;

import io.galvani.devicemodel.api.Characteristics;
import io.galvani.devicemodel.api.ComponentKey;
import io.galvani.devicemodel.api.DeviceModelContribution;
import io.galvani.devicemodel.api.ValueSource;
import io.galvani.devicemodel.api.VariableAttribute;
import io.galvani.devicemodel.api.VariableDefinition;
import io.galvani.devicemodel.api.VariableKey;

/** OCPPCommCtrlr.FileTransferProtocols: the protocols GetLog can upload with (read-only MemberList). */
@Component(service = DeviceModelContribution.class)
public final class FileTransferProtocolsContribution implements DeviceModelContribution {
    static final String PROTOCOLS = "FTP,FTPS,HTTP,HTTPS";

    @Override
    public Collection<VariableDefinition> variables() {
        return List.of(VariableDefinition.builder(ComponentKey.of("OCPPCommCtrlr"), VariableKey.of("FileTransferProtocols"),
                Characteristics.memberList(PROTOCOLS.split(",")))
                .actual(VariableAttribute.readOnly(ValueSource.constant(PROTOCOLS)))
                .build());
    }
}
