package io.galvani.devicemodel.api;

import java.util.List;
import java.util.Objects;

import io.galvani.ocpp.model.types.DataEnumType;

/**
 * A variable's characteristics as reported in VariableCharacteristicsType, and the rules SetVariables
 * values are checked against: the data type; {@code minLimit}/{@code maxLimit}, which for numbers
 * bound the value and for strings and lists bound its length; {@code valuesList}, the allowed
 * values of an OptionList and the allowed members of a MemberList or SequenceList.
 *
 * <p>Build with the factories and the {@code with…} methods, e.g.
 * {@code Characteristics.integer().withUnit("s").withMin(1)}.
 */
public record Characteristics(DataEnumType dataType, String unit, Double minLimit, Double maxLimit,
        List<String> valuesList, boolean supportsMonitoring) {

    public Characteristics {
        Objects.requireNonNull(dataType, "dataType");
        valuesList = valuesList == null ? List.of() : List.copyOf(valuesList);
        if (minLimit != null && maxLimit != null && minLimit > maxLimit) {
            throw new IllegalArgumentException("minLimit " + minLimit + " > maxLimit " + maxLimit);
        }
        boolean list = dataType == DataEnumType.OptionList || dataType == DataEnumType.MemberList
                || dataType == DataEnumType.SequenceList;
        if (list && valuesList.isEmpty()) {
            throw new IllegalArgumentException(dataType + " needs a valuesList");
        }
    }

    public static Characteristics of(DataEnumType type) {
        return new Characteristics(type, null, null, null, List.of(), false);
    }

    public static Characteristics string() {
        return of(DataEnumType.string);
    }

    public static Characteristics integer() {
        return of(DataEnumType.integer);
    }

    public static Characteristics decimal() {
        return of(DataEnumType.decimal);
    }

    public static Characteristics bool() {
        return of(DataEnumType._boolean);
    }

    public static Characteristics dateTime() {
        return of(DataEnumType.dateTime);
    }

    /** One value out of {@code values}. */
    public static Characteristics optionList(String... values) {
        return new Characteristics(DataEnumType.OptionList, null, null, null, List.of(values), false);
    }

    /** A comma-separated set of members out of {@code values}, order irrelevant. */
    public static Characteristics memberList(String... values) {
        return new Characteristics(DataEnumType.MemberList, null, null, null, List.of(values), false);
    }

    /** A comma-separated ordered list out of {@code values}, each at most once. */
    public static Characteristics sequenceList(String... values) {
        return new Characteristics(DataEnumType.SequenceList, null, null, null, List.of(values), false);
    }

    public Characteristics withUnit(String newUnit) {
        return new Characteristics(dataType, newUnit, minLimit, maxLimit, valuesList, supportsMonitoring);
    }

    public Characteristics withMin(double min) {
        return new Characteristics(dataType, unit, min, maxLimit, valuesList, supportsMonitoring);
    }

    public Characteristics withMax(double max) {
        return new Characteristics(dataType, unit, minLimit, max, valuesList, supportsMonitoring);
    }

    public Characteristics withValues(List<String> values) {
        return new Characteristics(dataType, unit, minLimit, maxLimit, values, supportsMonitoring);
    }

    public Characteristics withMonitoring(boolean supported) {
        return new Characteristics(dataType, unit, minLimit, maxLimit, valuesList, supported);
    }
}
