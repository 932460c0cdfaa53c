package io.galvani.ocpp.model;

import static io.galvani.ocpp.model.Action.Initiator.CHARGING_STATION;
import static io.galvani.ocpp.model.Action.Initiator.CSMS;

import io.galvani.ocpp.model.messages.*;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The 64 actions of OCPP 2.0.1, named as in a CALL frame, with their payload types and the side that
 * may send the request (OCPP 2.0.1 Part 2, "Messages").
 */
public enum Action {
    Authorize(AuthorizeRequest.class, AuthorizeResponse.class, CHARGING_STATION),
    BootNotification(BootNotificationRequest.class, BootNotificationResponse.class, CHARGING_STATION),
    CancelReservation(CancelReservationRequest.class, CancelReservationResponse.class, CSMS),
    CertificateSigned(CertificateSignedRequest.class, CertificateSignedResponse.class, CSMS),
    ChangeAvailability(ChangeAvailabilityRequest.class, ChangeAvailabilityResponse.class, CSMS),
    ClearCache(ClearCacheRequest.class, ClearCacheResponse.class, CSMS),
    ClearChargingProfile(ClearChargingProfileRequest.class, ClearChargingProfileResponse.class, CSMS),
    ClearDisplayMessage(ClearDisplayMessageRequest.class, ClearDisplayMessageResponse.class, CSMS),
    ClearVariableMonitoring(ClearVariableMonitoringRequest.class, ClearVariableMonitoringResponse.class, CSMS),
    ClearedChargingLimit(ClearedChargingLimitRequest.class, ClearedChargingLimitResponse.class, CHARGING_STATION),
    CostUpdated(CostUpdatedRequest.class, CostUpdatedResponse.class, CSMS),
    CustomerInformation(CustomerInformationRequest.class, CustomerInformationResponse.class, CSMS),
    DataTransfer(DataTransferRequest.class, DataTransferResponse.class, CHARGING_STATION, CSMS),
    DeleteCertificate(DeleteCertificateRequest.class, DeleteCertificateResponse.class, CSMS),
    FirmwareStatusNotification(FirmwareStatusNotificationRequest.class, FirmwareStatusNotificationResponse.class, CHARGING_STATION),
    Get15118EVCertificate(Get15118EVCertificateRequest.class, Get15118EVCertificateResponse.class, CHARGING_STATION),
    GetBaseReport(GetBaseReportRequest.class, GetBaseReportResponse.class, CSMS),
    GetCertificateStatus(GetCertificateStatusRequest.class, GetCertificateStatusResponse.class, CHARGING_STATION),
    GetChargingProfiles(GetChargingProfilesRequest.class, GetChargingProfilesResponse.class, CSMS),
    GetCompositeSchedule(GetCompositeScheduleRequest.class, GetCompositeScheduleResponse.class, CSMS),
    GetDisplayMessages(GetDisplayMessagesRequest.class, GetDisplayMessagesResponse.class, CSMS),
    GetInstalledCertificateIds(GetInstalledCertificateIdsRequest.class, GetInstalledCertificateIdsResponse.class, CSMS),
    GetLocalListVersion(GetLocalListVersionRequest.class, GetLocalListVersionResponse.class, CSMS),
    GetLog(GetLogRequest.class, GetLogResponse.class, CSMS),
    GetMonitoringReport(GetMonitoringReportRequest.class, GetMonitoringReportResponse.class, CSMS),
    GetReport(GetReportRequest.class, GetReportResponse.class, CSMS),
    GetTransactionStatus(GetTransactionStatusRequest.class, GetTransactionStatusResponse.class, CSMS),
    GetVariables(GetVariablesRequest.class, GetVariablesResponse.class, CSMS),
    Heartbeat(HeartbeatRequest.class, HeartbeatResponse.class, CHARGING_STATION),
    InstallCertificate(InstallCertificateRequest.class, InstallCertificateResponse.class, CSMS),
    LogStatusNotification(LogStatusNotificationRequest.class, LogStatusNotificationResponse.class, CHARGING_STATION),
    MeterValues(MeterValuesRequest.class, MeterValuesResponse.class, CHARGING_STATION),
    NotifyChargingLimit(NotifyChargingLimitRequest.class, NotifyChargingLimitResponse.class, CHARGING_STATION),
    NotifyCustomerInformation(NotifyCustomerInformationRequest.class, NotifyCustomerInformationResponse.class, CHARGING_STATION),
    NotifyDisplayMessages(NotifyDisplayMessagesRequest.class, NotifyDisplayMessagesResponse.class, CHARGING_STATION),
    NotifyEVChargingNeeds(NotifyEVChargingNeedsRequest.class, NotifyEVChargingNeedsResponse.class, CHARGING_STATION),
    NotifyEVChargingSchedule(NotifyEVChargingScheduleRequest.class, NotifyEVChargingScheduleResponse.class, CHARGING_STATION),
    NotifyEvent(NotifyEventRequest.class, NotifyEventResponse.class, CHARGING_STATION),
    NotifyMonitoringReport(NotifyMonitoringReportRequest.class, NotifyMonitoringReportResponse.class, CHARGING_STATION),
    NotifyReport(NotifyReportRequest.class, NotifyReportResponse.class, CHARGING_STATION),
    PublishFirmware(PublishFirmwareRequest.class, PublishFirmwareResponse.class, CSMS),
    PublishFirmwareStatusNotification(PublishFirmwareStatusNotificationRequest.class, PublishFirmwareStatusNotificationResponse.class, CHARGING_STATION),
    ReportChargingProfiles(ReportChargingProfilesRequest.class, ReportChargingProfilesResponse.class, CHARGING_STATION),
    RequestStartTransaction(RequestStartTransactionRequest.class, RequestStartTransactionResponse.class, CSMS),
    RequestStopTransaction(RequestStopTransactionRequest.class, RequestStopTransactionResponse.class, CSMS),
    ReservationStatusUpdate(ReservationStatusUpdateRequest.class, ReservationStatusUpdateResponse.class, CHARGING_STATION),
    ReserveNow(ReserveNowRequest.class, ReserveNowResponse.class, CSMS),
    Reset(ResetRequest.class, ResetResponse.class, CSMS),
    SecurityEventNotification(SecurityEventNotificationRequest.class, SecurityEventNotificationResponse.class, CHARGING_STATION),
    SendLocalList(SendLocalListRequest.class, SendLocalListResponse.class, CSMS),
    SetChargingProfile(SetChargingProfileRequest.class, SetChargingProfileResponse.class, CSMS),
    SetDisplayMessage(SetDisplayMessageRequest.class, SetDisplayMessageResponse.class, CSMS),
    SetMonitoringBase(SetMonitoringBaseRequest.class, SetMonitoringBaseResponse.class, CSMS),
    SetMonitoringLevel(SetMonitoringLevelRequest.class, SetMonitoringLevelResponse.class, CSMS),
    SetNetworkProfile(SetNetworkProfileRequest.class, SetNetworkProfileResponse.class, CSMS),
    SetVariableMonitoring(SetVariableMonitoringRequest.class, SetVariableMonitoringResponse.class, CSMS),
    SetVariables(SetVariablesRequest.class, SetVariablesResponse.class, CSMS),
    SignCertificate(SignCertificateRequest.class, SignCertificateResponse.class, CHARGING_STATION),
    StatusNotification(StatusNotificationRequest.class, StatusNotificationResponse.class, CHARGING_STATION),
    TransactionEvent(TransactionEventRequest.class, TransactionEventResponse.class, CHARGING_STATION),
    TriggerMessage(TriggerMessageRequest.class, TriggerMessageResponse.class, CSMS),
    UnlockConnector(UnlockConnectorRequest.class, UnlockConnectorResponse.class, CSMS),
    UnpublishFirmware(UnpublishFirmwareRequest.class, UnpublishFirmwareResponse.class, CSMS),
    UpdateFirmware(UpdateFirmwareRequest.class, UpdateFirmwareResponse.class, CSMS);

    /** The side that sends an action's request. */
    public enum Initiator {
        CHARGING_STATION,
        CSMS
    }

    private static final Map<String, Action> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(Action::name, Function.identity()));
    private static final Map<Class<?>, Action> BY_TYPE = Arrays.stream(values())
            .flatMap(a -> Stream.of(Map.entry(a.requestType, a), Map.entry(a.responseType, a)))
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));

    private final Class<? extends OcppRequest<?>> requestType;
    private final Class<? extends OcppResponse> responseType;
    private final Set<Initiator> initiators;

    Action(Class<? extends OcppRequest<?>> requestType, Class<? extends OcppResponse> responseType,
            Initiator first, Initiator... more) {
        this.requestType = requestType;
        this.responseType = responseType;
        this.initiators = Set.copyOf(EnumSet.of(first, more));
    }

    /** The record of this action's request payload, e.g. {@code BootNotificationRequest.class}. */
    public Class<? extends OcppRequest<?>> requestType() {
        return requestType;
    }

    /** The record of this action's response payload, e.g. {@code BootNotificationResponse.class}. */
    public Class<? extends OcppResponse> responseType() {
        return responseType;
    }

    /** Who may send the request: one side, or both for {@link #DataTransfer}. */
    public Set<Initiator> initiators() {
        return initiators;
    }

    /** Whether {@code side} may send this action's request. */
    public boolean isInitiatedBy(Initiator side) {
        return initiators.contains(side);
    }

    /** The action with this exact (case-sensitive) name, as received in a CALL frame. */
    public static Optional<Action> byName(String name) {
        return Optional.ofNullable(name == null ? null : BY_NAME.get(name));
    }

    /**
     * The action a request or response payload type belongs to.
     *
     * @throws IllegalArgumentException if {@code type} is not one of the 128 payload records
     */
    public static Action of(Class<?> type) {
        Action action = BY_TYPE.get(type);
        if (action == null) {
            throw new IllegalArgumentException(type + " is not an OCPP 2.0.1 payload type");
        }
        return action;
    }
}
