package io.galvani.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The GetVariables / SetVariables payloads the bench sends, and the checks of their answers. */
final class VariablesPayloads {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private VariablesPayloads() {
    }

    static ObjectNode item(String component, String variable, String instance) {
        ObjectNode item = NODES.objectNode();
        item.putObject("component").put("name", component);
        ObjectNode v = item.putObject("variable").put("name", variable);
        if (instance != null) {
            v.put("instance", instance);
        }
        item.put("attributeType", "Actual");
        return item;
    }

    static ObjectNode getVariables(List<? extends JsonNode> items) {
        ObjectNode payload = NODES.objectNode();
        ArrayNode data = payload.putArray("getVariableData");
        items.forEach(data::add);
        return payload;
    }

    static ObjectNode setHeartbeat(String value) {
        ObjectNode payload = NODES.objectNode();
        ObjectNode item = payload.putArray("setVariableData").addObject();
        item.put("attributeType", "Actual").put("attributeValue", value);
        item.putObject("component").put("name", "OCPPCommCtrlr");
        item.putObject("variable").put("name", "HeartbeatInterval");
        return payload;
    }

    static boolean accepted(JsonNode result) {
        return "Accepted".equals(result.path("attributeStatus").asText());
    }

    static String describe(JsonNode result) {
        if (result.isMissingNode()) {
            return "no result";
        }
        String what = result.path("component").path("name").asText() + "." + result.path("variable").path("name")
                .asText() + (result.path("variable").has("instance")
                        ? "[" + result.path("variable").path("instance").asText() + "]" : "");
        String info = result.path("statusInfo").isMissingNode() ? "" : " " + result.path("statusInfo");
        return what + ": " + result.path("attributeStatus").asText() + info;
    }

    static void checkGet(JsonNode response, int items) {
        JsonNode results = response.path("getVariableResult");
        if (results.size() != items) {
            throw new BenchFailure("GetVariables: " + results.size() + " results for " + items + " items: " + response);
        }
        for (JsonNode result : results) {
            if (!accepted(result)) {
                throw new BenchFailure("GetVariables not accepted: " + describe(result)
                        + " (is the variable in the station's device model yet?)");
            }
        }
    }

    static void checkSet(JsonNode response) {
        JsonNode result = response.path("setVariableResult").path(0);
        if (!accepted(result)) {
            throw new BenchFailure("SetVariables not accepted: " + describe(result));
        }
    }

    /** {@code Component[instance]@EVSEn/c.Variable[instance]} of a GetVariables item. */
    static String name(JsonNode item) {
        JsonNode c = item.path("component");
        JsonNode v = item.path("variable");
        StringBuilder s = new StringBuilder(c.path("name").asText());
        if (c.has("instance")) {
            s.append('[').append(c.path("instance").asText()).append(']');
        }
        if (c.has("evse")) {
            s.append("@EVSE").append(c.path("evse").path("id").asInt());
            if (c.path("evse").has("connectorId")) {
                s.append('/').append(c.path("evse").path("connectorId").asInt());
            }
        }
        s.append('.').append(v.path("name").asText());
        if (v.has("instance")) {
            s.append('[').append(v.path("instance").asText()).append(']');
        }
        return s.toString();
    }

    /**
     * The readable (Actual, not write-only) variables of a FullInventory report as GetVariables items, spread
     * over the components round robin, so that a request made of the first n mixes components.
     */
    static List<JsonNode> readableItems(List<JsonNode> inventory) {
        Map<String, List<JsonNode>> byComponent = new LinkedHashMap<>();
        for (JsonNode entry : inventory) {
            boolean readableActual = false;
            for (JsonNode attribute : entry.path("variableAttribute")) {
                String type = attribute.path("type").asText("Actual");
                if ("Actual".equals(type) && !"WriteOnly".equals(attribute.path("mutability").asText())) {
                    readableActual = true;
                }
            }
            if (!readableActual) {
                continue;
            }
            ObjectNode item = NODES.objectNode();
            item.set("component", entry.path("component"));
            item.set("variable", entry.path("variable"));
            item.put("attributeType", "Actual");
            byComponent.computeIfAbsent(entry.path("component").toString(), k -> new ArrayList<>()).add(item);
        }
        List<JsonNode> candidates = new ArrayList<>();
        for (int round = 0; candidates.size() < inventory.size(); round++) {
            boolean any = false;
            for (List<JsonNode> items : byComponent.values()) {
                if (round < items.size()) {
                    candidates.add(items.get(round));
                    any = true;
                }
            }
            if (!any) {
                break;
            }
        }
        return candidates;
    }
}
