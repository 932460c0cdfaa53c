package io.galvani.display.web.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.galvani.display.api.EvseScreenView;
import io.galvani.display.api.ScreenValues;
import io.galvani.display.api.StationScreen;

/**
 * The screen as the page reads it: one JSON object on one line (an SSE data line). Values the screen does not
 * show are left out; each value comes as a number and as the display's text for it.
 */
final class ScreenJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ScreenJson() {
    }

    static String of(StationScreen screen) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("language", screen.language());
        root.put("online", screen.online());
        ObjectNode display = root.putObject("display");
        display.put("rows", screen.rows());
        display.put("columns", screen.columns());
        ArrayNode lines = display.putArray("lines");
        screen.lines().forEach(lines::add);
        ObjectNode labels = root.putObject("labels");
        screen.labels().forEach(labels::put);
        ArrayNode evses = root.putArray("evses");
        for (EvseScreenView e : screen.evses()) {
            evses.add(evse(e));
        }
        return root.toString();
    }

    private static ObjectNode evse(EvseScreenView e) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("evseId", e.evseId());
        n.put("state", e.state().name());
        n.put("title", e.title());
        ArrayNode lines = n.putArray("lines");
        e.lines().forEach(lines::add);
        ScreenValues v = e.values();
        putIfSet(n, "reason", v.reason());
        putIfSet(n, "hint", v.hint());
        ObjectNode values = n.putObject("values");
        value(values, "energy", v.energyKWh(), "kWh", v.energy());
        value(values, "power", v.powerKW(), "kW", v.power());
        value(values, "stateOfCharge", v.stateOfChargePct(), "%", v.stateOfCharge());
        if (v.elapsed() != null) {
            ObjectNode time = values.putObject("time");
            time.put("seconds", v.elapsed().getSeconds());
            time.put("text", v.time());
        }
        if (v.cost() != null) {
            ObjectNode cost = values.putObject("cost");
            cost.put("amount", v.cost().amount());
            cost.put("currency", v.cost().currency().getCurrencyCode());
            cost.put("text", v.costText());
        }
        return n;
    }

    private static void value(ObjectNode values, String name, Double number, String unit, String text) {
        if (number == null || text == null) {
            return;
        }
        ObjectNode value = values.putObject(name);
        value.put("value", number);
        value.put("unit", unit);
        value.put("text", text);
    }

    private static void putIfSet(ObjectNode n, String name, String text) {
        if (text != null) {
            n.put(name, text);
        }
    }
}
