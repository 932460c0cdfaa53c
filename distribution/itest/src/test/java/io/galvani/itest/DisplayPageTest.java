package io.galvani.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

import io.galvani.csms.demo.CsmsOptions;
import io.galvani.csms.demo.DemoCsms;
import io.galvani.csms.demo.FrameValidator;
import io.galvani.csms.demo.Replies;

/**
 * The display page at {@code /} in a real browser (Debian chromium), against the booted distribution: a whole
 * session driven through the local API (card refused, card accepted, plug in, charging with the energy rising, the
 * EV pausing, stop, unplug), Inoperative, the CSMS going away, the page's own connection lost and back, and German
 * by configuration. Screenshots of the key states go to {@code target/screenshots/display-*.png}.
 */
class DisplayPageTest extends StationTestBase {
    private static final String CARD = "{\"idToken\":\"04A2B3C4D5E6F7\",\"type\":\"ISO14443\",\"evseId\":1}";
    private static final int SECONDS = (int) WAIT.toSeconds();

    private Chromium chromium;

    @Test
    void aWholeSession_asTheDriverSeesIt_english() throws Exception {
        csms.onCall("Authorize", Replies.authorize("Blocked"));
        bootAccepted();
        try (Chromium browser = new Chromium()) {
            chromium = browser;
            browser.driver().get("http://127.0.0.1:" + station.apiPort() + "/");
            awaitState("WELCOME");
            assertThat(text("section.evse .title")).isEqualTo("Welcome");
            assertThat(text("section.evse .hint")).isEqualTo("Present card or plug in");
            assertThat(visible("#offline")).isFalse();
            assertThat(text("#display-lines")).startsWith("Welcome");
            browser.screenshot("display-welcome");

            station.post("/api/v1/rfid", CARD, 202);
            awaitState("CARD_REJECTED");
            assertThat(text("section.evse .title")).isEqualTo("Card not accepted");
            assertThat(text("section.evse .reason")).isEqualTo("Card blocked");
            browser.screenshot("display-card-rejected");

            csms.onCall("Authorize", Replies.authorize("Accepted"));
            awaitState("WELCOME"); // the refusal is shown for a few seconds
            station.post("/api/v1/rfid", CARD, 202);
            awaitState("PLUG_IN");
            assertThat(text("section.evse .title")).isEqualTo("Card accepted");
            assertThat(text("section.evse .hint")).isEqualTo("Plug in the cable");
            browser.screenshot("display-plug-in");

            station.post("/api/v1/evses/1/plug", "", 200);
            awaitState("CHARGING");
            assertThat(text("section.evse .title")).isEqualTo("Charging");
            double first = awaitEnergyAbove(0.0);
            double later = awaitEnergyAbove(first);
            assertThat(later).isGreaterThan(first);
            assertThat(text(".tile[data-value='energy'] .caption")).isEqualTo("Energy");
            assertThat(text(".tile[data-value='power'] .value")).endsWith(" kW");
            assertThat(text(".tile[data-value='time'] .value")).matches("\\d+:\\d\\d:\\d\\d");
            assertThat(exists(".tile[data-value='cost']")).as("no tariff bundle, no cost").isFalse();
            browser.screenshot("display-charging");

            station.post("/api/v1/evses/1/ev", "{\"suspend\":true}", 200);
            awaitState("PAUSED_BY_EV");
            assertThat(text("section.evse .title")).isEqualTo("Paused by vehicle");
            browser.screenshot("display-paused-by-ev");
            station.post("/api/v1/evses/1/ev", "{\"suspend\":false}", 200);
            awaitState("CHARGING");

            station.post("/api/v1/rfid", CARD, 202);
            awaitState("SUMMARY");
            assertThat(text("section.evse .title")).isEqualTo("Charging stopped");
            assertThat(text("section.evse .reason")).isEqualTo("Stopped at station");
            assertThat(text("section.evse .hint")).isEqualTo("Please unplug");
            assertThat(energy()).isGreaterThanOrEqualTo(later);
            browser.screenshot("display-summary");

            station.post("/api/v1/evses/1/unplug", "", 200);
            browser.waitUpTo(SECONDS).until(d -> "Thank you".equals(text("section.evse .hint")));
            // The summary stays a while after unplugging (transactions: summarySeconds, 30 s), then the welcome.
            browser.waitUpTo(SECONDS * 3).until(d -> "WELCOME".equals(state()));

            csms.call(station.id(), "ChangeAvailability",
                    "{\"operationalStatus\":\"Inoperative\",\"evse\":{\"id\":1}}").get(SECONDS,
                            java.util.concurrent.TimeUnit.SECONDS);
            awaitState("UNAVAILABLE");
            assertThat(text("section.evse .title")).isEqualTo("Not available");
            browser.screenshot("display-unavailable");
            csms.call(station.id(), "ChangeAvailability",
                    "{\"operationalStatus\":\"Operative\",\"evse\":{\"id\":1}}").get(SECONDS,
                            java.util.concurrent.TimeUnit.SECONDS);
            awaitState("WELCOME");

            // The CSMS goes away: the station says so, and a driver can still see the screen.
            java.net.URI url = csms.url();
            csms.close();
            browser.waitUpTo(SECONDS).until(d -> visible("#offline"));
            assertThat(text("#offline")).isEqualTo("offline");
            assertThat(text("#display-lines")).contains("offline");
            browser.screenshot("display-csms-offline");
            csms = DemoCsms.start(CsmsOptions.builder().port(url.getPort()).logTraffic(false)
                    .validator(FrameValidator.framing().and(SchemaFrameValidator.fromSystemProperty())).build());
            browser.waitUpTo(SECONDS * 2).until(d -> !visible("#offline"));

            // The page loses its own connection (the web bundle stops), says so, and comes back by itself.
            Bundle web = station.bundle("io.galvani.display.web");
            web.stop();
            browser.waitUpTo(SECONDS * 2).until(d -> visible("#connection-lost"));
            assertThat(text("#connection-lost")).isEqualTo("Connection to the station lost");
            browser.screenshot("display-connection-lost");
            web.start();
            browser.waitUpTo(SECONDS).until(d -> !visible("#connection-lost"));
            awaitState("WELCOME");
        }
    }

    @Test
    void firmwareInstalling_andATariff_asThePageShowsThem() throws Exception {
        bootAccepted();
        try (Chromium browser = new Chromium()) {
            chromium = browser;
            browser.driver().get("http://127.0.0.1:" + station.apiPort() + "/");
            awaitState("WELCOME");

            // As the firmware bundle tells it while an update installs (its side: FirmwareUpdatesTest).
            tellFirmwareStatus("Installing");
            awaitState("UPDATING_FIRMWARE");
            assertThat(text("section.evse .title")).isEqualTo("Updating firmware");
            assertThat(text("section.evse .hint")).isEqualTo("Charging unavailable. Please wait");
            browser.screenshot("display-updating-firmware");
            tellFirmwareStatus("Installed");
            awaitState("WELCOME");

            // A tariff bundle: 0.40 EUR per kWh.
            ServiceRegistration<?> tariff = registerTariff("0.40");
            try {
                station.post("/api/v1/evses/1/plug", "", 200);
                station.post("/api/v1/rfid", CARD, 202);
                awaitState("CHARGING");
                browser.waitUpTo(SECONDS).until(d -> exists(".tile[data-value='cost']") && energy() > 0);
                assertThat(text(".tile[data-value='cost'] .value")).matches("\\d+\\.\\d\\d EUR");
                assertThat(text(".tile[data-value='cost'] .caption")).isEqualTo("Cost");
                assertThat(text("#display-lines")).contains("EUR");
                browser.screenshot("display-charging-cost");

                station.post("/api/v1/rfid", CARD, 202);
                awaitState("SUMMARY");
                browser.waitUpTo(SECONDS).until(d -> exists(".tile[data-value='cost']"));
                assertThat(text("#display-lines")).contains("Total ");
                browser.screenshot("display-summary-cost");
            } finally {
                tariff.unregister();
            }
            browser.waitUpTo(SECONDS).until(d -> !exists(".tile[data-value='cost']"));
        }
    }

    @Test
    void german_byConfiguration() throws Exception {
        station = station().tuning("galvani.display.language", "de").start();
        awaitCall(0, "StatusNotification");
        csms.awaitConnected(station.id(), WAIT);
        try (Chromium browser = new Chromium()) {
            chromium = browser;
            browser.driver().get("http://127.0.0.1:" + station.apiPort() + "/");
            awaitState("WELCOME");
            assertThat(text("section.evse .title")).isEqualTo("Willkommen");
            assertThat((String) js("return document.documentElement.lang;")).isEqualTo("de");

            station.post("/api/v1/evses/1/plug", "", 200);
            awaitState("PRESENT_CARD");
            assertThat(text("section.evse .title")).isEqualTo("Kabel verbunden");
            station.post("/api/v1/rfid", CARD, 202);
            awaitState("CHARGING");
            assertThat(text("section.evse .title")).isEqualTo("Ladevorgang");
            browser.waitUpTo(SECONDS).until(d -> energy() > 0);
            assertThat(text(".tile[data-value='energy'] .value")).matches("\\d+,\\d\\d? kWh");
            assertThat(text(".tile[data-value='energy'] .caption")).isEqualTo("Energie");
            assertThat(text(".tile[data-value='stateOfCharge'] .caption")).isEqualTo("Akku");
            browser.screenshot("display-de-charging");
        }
        // The wiring behind the page: the firmware bundle tells the display, the display tells the web page.
        assertThat(usersOf("io.galvani.firmware.api.FirmwareStatusListener", "io.galvani.display"))
                .contains("io.galvani.firmware");
        assertThat(usersOf("io.galvani.display.api.ScreenListener", "io.galvani.display.web"))
                .contains("io.galvani.display");
        assertThat(usersOf("org.eclipse.jetty.server.Handler", "io.galvani.display.web"))
                .contains("io.galvani.localapi");
    }

    /** Calls the display's FirmwareStatusListener as the firmware bundle does (by reflection: other class space). */
    private void tellFirmwareStatus(String status) throws Exception {
        Bundle display = station.bundle("io.galvani.display");
        String type = "io.galvani.firmware.api.FirmwareStatusListener";
        for (ServiceReference<?> ref : station.framework().getBundleContext().getAllServiceReferences(type, null)) {
            if (ref.getBundle().equals(display)) {
                Object listener = station.framework().getBundleContext().getService(ref);
                Class<?> statusType = display.loadClass("io.galvani.firmware.api.FirmwareUpdateStatus");
                Object value = statusType.getConstructor(Integer.class, String.class).newInstance(99, status);
                listener.getClass().getMethod("firmwareStatusChanged", statusType).invoke(listener, value);
                station.framework().getBundleContext().ungetService(ref);
                return;
            }
        }
        throw new AssertionError("the display registered no " + type);
    }

    /**
     * A tariff bundle's SessionCostProvider, price per kWh in EUR, registered in the transaction bundle's class
     * space (where the display finds the interface).
     */
    private ServiceRegistration<?> registerTariff(String eurPerKwh) throws Exception {
        Bundle transactions = station.bundle("io.galvani.transactions");
        Class<?> provider = transactions.loadClass("io.galvani.transactions.api.SessionCostProvider");
        java.lang.reflect.Method of = transactions.loadClass("io.galvani.transactions.api.SessionCost")
                .getMethod("of", String.class, String.class);
        java.math.BigDecimal price = new java.math.BigDecimal(eurPerKwh);
        Object tariff = java.lang.reflect.Proxy.newProxyInstance(provider.getClassLoader(), new Class<?>[] { provider },
                (proxy, method, args) -> switch (method.getName()) {
                    case "cost" -> {
                        Object wh = args[0].getClass().getMethod("energyWh").invoke(args[0]);
                        yield wh == null ? java.util.Optional.empty()
                                : java.util.Optional.of(of.invoke(null, price.multiply(java.math.BigDecimal.valueOf(
                                        (Double) wh / 1000.0)).toPlainString(), "EUR"));
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> "test tariff";
                });
        return transactions.getBundleContext().registerService(provider.getName(), tariff, null);
    }

    /** Symbolic names of the bundles using the {@code type} service that {@code provider} registered. */
    private List<String> usersOf(String type, String provider) throws Exception {
        ServiceReference<?>[] refs = station.framework().getBundleContext().getAllServiceReferences(type, null);
        assertThat(refs).as(type).isNotNull();
        List<String> users = new ArrayList<>();
        for (ServiceReference<?> ref : refs) {
            if (provider.equals(ref.getBundle().getSymbolicName()) && ref.getUsingBundles() != null) {
                for (Bundle b : ref.getUsingBundles()) {
                    users.add(b.getSymbolicName());
                }
            }
        }
        return users;
    }

    // ---- helpers

    private void bootAccepted() throws Exception {
        station = station().start();
        awaitCall(0, "StatusNotification");
        csms.awaitConnected(station.id(), WAIT);
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) chromium.driver()).executeScript(script, args);
    }

    /** Read in one script: the page re-renders every second, an element found first may be gone next. */
    private String text(String css) {
        return (String) js("var e = document.querySelector(arguments[0]); return e ? e.textContent : null;", css);
    }

    private boolean exists(String css) {
        return (Boolean) js("return document.querySelector(arguments[0]) !== null;", css);
    }

    private boolean visible(String css) {
        return (Boolean) js("var e = document.querySelector(arguments[0]); return !!e && !e.hidden;", css);
    }

    private String state() {
        return text("section.evse") == null ? null
                : (String) js("return document.querySelector('section.evse').getAttribute('data-state');");
    }

    private void awaitState(String state) {
        chromium.waitUpTo(SECONDS).withMessage(() -> "display state " + state + ", page shows " + state() + ": "
                + text("#evses")).until(d -> state.equals(state()));
    }

    /** The energy tile's number, whatever the language's decimal separator; 0 without one. */
    private double energy() {
        String t = text(".tile[data-value='energy'] .value");
        return t == null ? 0 : Double.parseDouble(t.replace(" kWh", "").replace(',', '.'));
    }

    private double awaitEnergyAbove(double floor) {
        chromium.waitUpTo(SECONDS).until(d -> energy() > floor);
        return energy();
    }
}
