package io.galvani.authorization.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.ocpp.api.InboundCall;
import io.galvani.ocpp.api.OcppRequestHandler;
import io.galvani.ocpp.model.messages.ClearCacheRequest;
import io.galvani.ocpp.model.messages.ClearCacheResponse;
import io.galvani.ocpp.model.types.ClearCacheStatusEnumType;
import io.galvani.ocpp.model.types.StatusInfoType;

/**
 * ClearCache (C11): empties the Authorization Cache, in memory and on disk, before answering Accepted
 * (C11.FR.01, C11.FR.03); Rejected with reasonCode NotEnabled while AuthCacheCtrlr.Enabled is false, the
 * cache then left as it is (C11.FR.04); Rejected with InternalError if the empty cache could not be written
 * (C11.FR.05).
 */
@Component(service = OcppRequestHandler.class)
public final class ClearCacheHandler implements OcppRequestHandler<ClearCacheRequest, ClearCacheResponse> {
    private static final Logger logger = LoggerFactory.getLogger(ClearCacheHandler.class);

    private final AuthorizationService authorization;

    @Activate
    public ClearCacheHandler(@Reference AuthorizationService authorization) {
        this.authorization = authorization;
    }

    @Override
    public Class<ClearCacheRequest> requestType() {
        return ClearCacheRequest.class;
    }

    @Override
    public ClearCacheResponse handle(ClearCacheRequest request, InboundCall call) {
        if (!authorization.cacheEnabled()) {
            logger.info("ClearCache rejected: AuthCacheCtrlr.Enabled is false");
            return ClearCacheResponse.of(ClearCacheStatusEnumType.Rejected).withStatusInfo(
                    new StatusInfoType(null, "NotEnabled", "AuthCacheCtrlr.Enabled is false"));
        }
        if (!authorization.clearCache()) {
            return ClearCacheResponse.of(ClearCacheStatusEnumType.Rejected).withStatusInfo(
                    new StatusInfoType(null, "InternalError", "the cleared cache could not be stored"));
        }
        logger.info("Authorization cache cleared (ClearCache)");
        return ClearCacheResponse.of(ClearCacheStatusEnumType.Accepted);
    }
}
