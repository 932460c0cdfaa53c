package io.galvani.operations.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.galvani.ocpp.testing.TestCall;
import io.galvani.ocpp.api.DataTransferHandler;
import io.galvani.ocpp.api.InboundCall;
import io.galvani.ocpp.model.messages.DataTransferRequest;
import io.galvani.ocpp.model.messages.DataTransferResponse;
import io.galvani.ocpp.model.types.DataTransferStatusEnumType;
import io.galvani.ocpp.model.types.StatusInfoType;

class DataTransferDispatcherTest {
    private final DataTransferDispatcher dispatcher = new DataTransferDispatcher();

    private static DataTransferHandler handler(String vendor, String tag, String... messageIds) {
        return new DataTransferHandler() {
            @Override
            public String vendorId() {
                return vendor;
            }

            @Override
            public Set<String> messageIds() {
                return Set.of(messageIds);
            }

            @Override
            public DataTransferResponse handle(DataTransferRequest request, InboundCall call) {
                return DataTransferResponse.of(DataTransferStatusEnumType.Accepted)
                        .withStatusInfo(StatusInfoType.of(tag));
            }
        };
    }

    private DataTransferResponse send(DataTransferRequest request) throws Exception {
        return dispatcher.handle(request, new TestCall("DataTransfer"));
    }

    @Test
    void P01_FR05_unknownVendor() throws Exception {
        dispatcher.addHandler(handler("com.acme", "a", "Hello"), Map.of());
        assertThat(send(DataTransferRequest.of("com.other").withMessageId("Hello")).status())
                .isEqualTo(DataTransferStatusEnumType.UnknownVendorId);
        // vendorId is compared exactly.
        assertThat(send(DataTransferRequest.of("COM.ACME").withMessageId("Hello")).status())
                .isEqualTo(DataTransferStatusEnumType.UnknownVendorId);
    }

    @Test
    void P01_FR06_unknownMessageId_andMissingMessageIdNeedsAHandlerWithoutIds() throws Exception {
        dispatcher.addHandler(handler("com.acme", "a", "Hello"), Map.of());
        assertThat(send(DataTransferRequest.of("com.acme").withMessageId("Bye")).status())
                .isEqualTo(DataTransferStatusEnumType.UnknownMessageId);
        assertThat(send(DataTransferRequest.of("com.acme")).status())
                .isEqualTo(DataTransferStatusEnumType.UnknownMessageId);

        dispatcher.addHandler(handler("com.acme", "plain"), Map.of());
        DataTransferResponse plain = send(DataTransferRequest.of("com.acme"));
        assertThat(plain.status()).isEqualTo(DataTransferStatusEnumType.Accepted);
        assertThat(plain.statusInfo().reasonCode()).isEqualTo("plain");
    }

    @Test
    void handlersOfOneVendorShareIt_byMessageId_bestRankedFirst() throws Exception {
        dispatcher.addHandler(handler("com.acme", "a", "Hello"), Map.of("service.id", 1L));
        DataTransferHandler b = handler("com.acme", "b", "Hello", "Bye");
        dispatcher.addHandler(b, Map.of("service.id", 2L, "service.ranking", 5));
        assertThat(send(DataTransferRequest.of("com.acme").withMessageId("Hello")).statusInfo().reasonCode())
                .isEqualTo("b");
        dispatcher.removeHandler(b);
        assertThat(send(DataTransferRequest.of("com.acme").withMessageId("Hello")).statusInfo().reasonCode())
                .isEqualTo("a");
        assertThat(send(DataTransferRequest.of("com.acme").withMessageId("Bye")).status())
                .isEqualTo(DataTransferStatusEnumType.UnknownMessageId);
    }
}
